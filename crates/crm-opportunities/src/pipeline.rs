//! Sales pipelines: ordered stages, each with a win probability and a kind (`open`,
//! `won`, `lost`). Stages are reordered by listing them in a new order and retired,
//! never removed, so the opportunities and stage moves that name one keep it.

use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_records::text::{Field, not_null, text};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

/// The most stages a pipeline may have, retired ones included.
pub const MAX_STAGES: usize = 30;
/// The most live pipelines an organisation may have.
pub const MAX_PIPELINES: u64 = 100;
pub const MAX_NAME: usize = 100;

/// Where an opportunity in a stage stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Still being worked.
    Open,
    /// Closed as won (probability 100).
    Won,
    /// Closed as lost (probability 0).
    Lost,
}

impl StageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(StageKind::Open),
            "won" => Some(StageKind::Won),
            "lost" => Some(StageKind::Lost),
            _ => None,
        }
    }
}

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    /// 0 to 100: the share of an open opportunity's amount a forecast weighs.
    pub probability: u8,
    pub kind: StageKind,
    /// A retired stage takes no new opportunities; those in it stay.
    pub retired: bool,
}

/// A pipeline with its stages in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pipeline {
    pub id: Uuid,
    pub name: String,
    pub stages: Vec<Stage>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl crm_records::ports::Identified for Pipeline {
    type Id = Uuid;
}

/// A stage as given: with the id of a stored stage to keep it, without one to add it.
#[derive(Debug, Clone)]
pub struct StageInput {
    pub id: Option<Uuid>,
    pub name: String,
    pub probability: i64,
    pub kind: StageKind,
    pub retired: bool,
}

/// A pipeline as given; in a patch, an absent name stays and absent stages stay as
/// they are.
#[derive(Debug, Clone, Default)]
pub struct PipelineInput {
    pub name: Field<String>,
    pub stages: Option<Vec<StageInput>>,
}

/// A checked stage, in its place: `new` when it is to be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStage {
    pub stage: Stage,
    pub new: bool,
}

/// A checked pipeline to store, or the whole of one after a patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPipeline {
    pub name: String,
    pub stages: Vec<NewStage>,
}

/// The stages of a pipeline created without any: a common B2B sales process.
pub const DEFAULT_STAGES: [(&str, i64, StageKind); 6] = [
    ("Qualification", 10, StageKind::Open),
    ("Needs analysis", 25, StageKind::Open),
    ("Proposal", 50, StageKind::Open),
    ("Negotiation", 75, StageKind::Open),
    ("Won", 100, StageKind::Won),
    ("Lost", 0, StageKind::Lost),
];

fn defaults() -> Vec<StageInput> {
    DEFAULT_STAGES
        .iter()
        .map(|(name, probability, kind)| StageInput {
            id: None,
            name: (*name).into(),
            probability: *probability,
            kind: *kind,
            retired: false,
        })
        .collect()
}

impl PipelineInput {
    /// Checks a pipeline, over `stored` for a patch: every field error at once.
    pub fn validate(self, stored: Option<&Pipeline>) -> DomainResult<NewPipeline> {
        let mut e = Errors::new();
        let name = not_null(&mut e, "name", self.name)
            .and_then(|n| text(&mut e, "name", Some(n), MAX_NAME))
            .or_else(|| stored.map(|s| s.name.clone()));
        if name.is_none() && e.is_empty() {
            e.push("name", "required", "a pipeline needs a name");
        }
        let stages = match (self.stages, stored) {
            (Some(given), _) => stages(&mut e, given, stored),
            (None, Some(s)) => s
                .stages
                .iter()
                .map(|st| NewStage {
                    stage: st.clone(),
                    new: false,
                })
                .collect(),
            (None, None) => stages(&mut e, defaults(), None),
        };
        e.finish(NewPipeline {
            name: name.unwrap_or_default(),
            stages,
        })
    }
}

/// Checks the stages as listed: each one's fields, ids only of `stored`'s stages and
/// every one of those listed, unique live names, and an open, a won and a lost stage
/// among the live ones.
fn stages(e: &mut Errors, given: Vec<StageInput>, stored: Option<&Pipeline>) -> Vec<NewStage> {
    if given.is_empty() {
        e.push(
            "stages",
            "required",
            "a pipeline has at least an open, a won and a lost stage",
        );
        return Vec::new();
    }
    if given.len() > MAX_STAGES {
        e.push(
            "stages",
            "too_many",
            format!("at most {MAX_STAGES} stages, retired ones included"),
        );
        return Vec::new();
    }
    let known: Vec<&Stage> = stored
        .map(|s| s.stages.iter().collect())
        .unwrap_or_default();
    let mut seen_ids = HashSet::new();
    let mut live_names = HashSet::new();
    let mut out = Vec::with_capacity(given.len());
    for (i, s) in given.into_iter().enumerate() {
        let at = |f: &str| format!("stages[{i}].{f}");
        let before = match s.id {
            Some(id) => {
                if !seen_ids.insert(id) {
                    e.push(at("id"), "duplicate", "a stage is listed once");
                }
                let found = known.iter().find(|k| k.id == id).copied();
                if found.is_none() {
                    e.push(
                        at("id"),
                        "invalid_reference",
                        "not a stage of this pipeline; leave the id out to add a stage",
                    );
                }
                found
            }
            None => None,
        };
        let name = text(e, &at("name"), Some(s.name), MAX_NAME).unwrap_or_default();
        if !s.retired && !name.is_empty() && !live_names.insert(name.to_lowercase()) {
            e.push(
                at("name"),
                "duplicate",
                "another live stage of the pipeline has this name",
            );
        }
        if !(0..=100).contains(&s.probability) {
            e.push(at("probability"), "out_of_range", "between 0 and 100");
        } else if s.kind == StageKind::Won && s.probability != 100 {
            e.push(at("probability"), "invalid_value", "a won stage is 100");
        } else if s.kind == StageKind::Lost && s.probability != 0 {
            e.push(at("probability"), "invalid_value", "a lost stage is 0");
        }
        if before.is_none() && s.retired {
            e.push(
                at("retired"),
                "invalid_value",
                "a new stage cannot be retired",
            );
        }
        out.push(NewStage {
            stage: Stage {
                id: before.map_or_else(Uuid::now_v7, |b| b.id),
                name,
                probability: u8::try_from(s.probability.clamp(0, 100)).unwrap_or_default(),
                kind: s.kind,
                retired: s.retired,
            },
            new: before.is_none(),
        });
    }
    let missing: Vec<String> = known
        .iter()
        .filter(|k| !seen_ids.contains(&k.id))
        .map(|k| k.id.to_string())
        .collect();
    if !missing.is_empty() {
        e.push(
            "stages",
            "incomplete",
            format!(
                "list every stage, retired ones too: retire a stage (\"retired\": true) \
                 rather than leave it out; missing {}",
                missing.join(", ")
            ),
        );
    }
    for kind in [StageKind::Open, StageKind::Won, StageKind::Lost] {
        if !out.iter().any(|s| !s.stage.retired && s.stage.kind == kind) {
            e.push(
                "stages",
                "required",
                format!("a pipeline needs a live {} stage", kind.as_str()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
