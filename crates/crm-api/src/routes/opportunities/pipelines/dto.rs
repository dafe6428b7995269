//! Wire types of pipelines and their stages.

use crate::http::patch::Patch;
use chrono::{DateTime, Utc};
use crm_opportunities::pipeline::{Pipeline, PipelineInput, Stage, StageInput, StageKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where an opportunity in the stage stands: still `open`, or closed as `won` or `lost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageKindDto {
    Open,
    Won,
    Lost,
}
crate::mirror!(StageKindDto, StageKind, [Open, Won, Lost]);

/// One stage of a pipeline, in the pipeline's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageDto {
    pub id: Uuid,
    /// What the organisation calls it, unique among the pipeline's live stages.
    #[schema(example = "Proposal")]
    pub name: String,
    /// 0 to 100: the share of an open opportunity's amount a forecast weighs (100 for a
    /// won stage, 0 for a lost one).
    #[schema(example = 50, minimum = 0, maximum = 100)]
    pub probability: u8,
    pub kind: StageKindDto,
    /// A retired stage takes no new opportunities; those in it stay, with their history.
    pub retired: bool,
}

impl From<Stage> for StageDto {
    fn from(s: Stage) -> Self {
        Self {
            id: s.id,
            name: s.name,
            probability: s.probability,
            kind: s.kind.into(),
            retired: s.retired,
        }
    }
}

/// A sales pipeline: the stages its opportunities move through, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct PipelineDto {
    pub id: Uuid,
    /// What the organisation calls it.
    #[schema(example = "New business")]
    pub name: String,
    /// Every stage in order, retired ones included.
    pub stages: Vec<StageDto>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Pipeline> for PipelineDto {
    fn from(p: Pipeline) -> Self {
        Self {
            id: p.id,
            name: p.name,
            stages: p.stages.into_iter().map(Into::into).collect(),
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

crate::page_of!(PipelinePage, PipelineDto);

/// A stage as sent: with the `id` of a stored stage to keep it (renamed, moved,
/// re-weighted or retired), without one to add a stage. A stage as read is accepted
/// back as it is.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageRequest {
    /// A stored stage of this pipeline; absent for a new stage.
    pub id: Option<Uuid>,
    /// What the organisation calls it, unique among the pipeline's live stages.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "\\S",
        example = "Proposal"
    )]
    pub name: String,
    /// 0 to 100; a won stage is 100 and a lost one 0.
    #[schema(minimum = 0, maximum = 100, example = 50)]
    pub probability: i64,
    pub kind: StageKindDto,
    /// Retire the stage (a stored one only); false brings a retired stage back.
    #[serde(default)]
    pub retired: bool,
}

impl From<StageRequest> for StageInput {
    fn from(r: StageRequest) -> Self {
        StageInput {
            id: r.id,
            name: r.name,
            probability: r.probability,
            kind: r.kind.into(),
            retired: r.retired,
        }
    }
}

/// A pipeline to add. Without `stages` it gets Qualification (10), Needs analysis
/// (25), Proposal (50), Negotiation (75), Won (100) and Lost (0).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Renewals", "stages": [
    {"name": "Contacted", "probability": 30, "kind": "open"},
    {"name": "Renewed", "probability": 100, "kind": "won"},
    {"name": "Churned", "probability": 0, "kind": "lost"}]}))]
pub struct CreatePipelineRequest {
    /// What the organisation calls it.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// The stages in order, without ids: at least a live open, won and lost stage.
    #[schema(min_items = 1, max_items = 30)]
    pub stages: Option<Vec<StageRequest>>,
}

impl From<CreatePipelineRequest> for PipelineInput {
    fn from(r: CreatePipelineRequest) -> Self {
        PipelineInput {
            name: Some(Some(r.name)),
            stages: r.stages.map(|s| s.into_iter().map(Into::into).collect()),
        }
    }
}

/// A merge-patch of a pipeline: an absent name stays; `stages`, when sent, is the
/// whole list in its new order: every stored stage by its id (retire one rather than
/// leave it out) and new ones without an id. Absent or null, the stages stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "New business (EMEA)"}))]
pub struct UpdatePipelineRequest {
    /// What the organisation calls it.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Patch<String>,
    /// Every stage in its new order.
    #[serde(default)]
    #[schema(min_items = 1, max_items = 30)]
    pub stages: Option<Vec<StageRequest>>,
}

impl From<UpdatePipelineRequest> for PipelineInput {
    fn from(r: UpdatePipelineRequest) -> Self {
        PipelineInput {
            name: r.name.map_field(|v| v),
            stages: r.stages.map(|s| s.into_iter().map(Into::into).collect()),
        }
    }
}
