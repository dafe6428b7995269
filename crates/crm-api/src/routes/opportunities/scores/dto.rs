//! Wire types of scores, score thresholds and page visits.

use chrono::{DateTime, Utc};
use crm_opportunities::scoring::{PageVisit, PersonScore, ScoreChange, ScorePart, Thresholds};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What one rule gives the person now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScorePartDto {
    /// The rule (`GET /v1/scoring-rules/{id}`).
    pub rule_id: Uuid,
    /// The rule's name.
    #[schema(example = "Paying customers")]
    pub rule_name: String,
    /// What the rule gives the person now (negative: takes away).
    #[schema(example = 20)]
    pub points: i64,
}

impl From<ScorePart> for ScorePartDto {
    fn from(p: ScorePart) -> Self {
        Self {
            rule_id: p.rule_id,
            rule_name: p.rule_name,
            points: p.points,
        }
    }
}

/// One change of the score.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreChangeDto {
    /// The score before.
    pub previous: i64,
    /// The score after.
    pub score: i64,
    /// When it changed.
    pub changed_at: DateTime<Utc>,
}

impl From<ScoreChange> for ScoreChangeDto {
    fn from(c: ScoreChange) -> Self {
        Self {
            previous: c.previous,
            score: c.score,
            changed_at: c.changed_at,
        }
    }
}

/// A person's lead score: the sum of what each rule gives them, its parts by rule
/// (largest first), and its latest changes (newest first, at most 50).
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonScoreDto {
    /// The person.
    pub person_id: Uuid,
    /// Whole points; 0 for a person no rule has scored.
    #[schema(example = 45)]
    pub score: i64,
    /// When it last changed; null for a person never scored.
    pub updated_at: Option<DateTime<Utc>>,
    /// What each rule gives, largest first; a rule giving nothing is not listed.
    pub parts: Vec<ScorePartDto>,
    /// The latest changes, newest first, at most 50.
    pub history: Vec<ScoreChangeDto>,
}

impl From<PersonScore> for PersonScoreDto {
    fn from(s: PersonScore) -> Self {
        Self {
            person_id: s.person_id,
            score: s.score,
            updated_at: s.updated_at,
            parts: s.parts.into_iter().map(Into::into).collect(),
            history: s.history.into_iter().map(Into::into).collect(),
        }
    }
}

/// The score thresholds: a score reaching one, or falling below it, sends
/// `person.score_changed`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreThresholdsDto {
    /// Ascending.
    #[schema(example = json!([50, 100]))]
    pub thresholds: Vec<i64>,
    pub version: i64,
}

impl ScoreThresholdsDto {
    pub fn new(t: Thresholds, version: i64) -> Self {
        Self {
            thresholds: t.0,
            version,
        }
    }
}

/// The thresholds to keep, in any order.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"thresholds": [50, 100]}))]
pub struct ReplaceScoreThresholdsRequest {
    #[schema(schema_with = thresholds_schema)]
    pub thresholds: Vec<i64>,
}

/// `thresholds` as the server checks them: distinct whole scores from -1000000 to
/// 1000000, at most 20 (utoipa's attributes cannot say `uniqueItems`).
fn thresholds_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let bound = crm_opportunities::scoring::MAX_THRESHOLD;
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(-bound))
                .maximum(Some(bound)),
        )
        .max_items(Some(crm_opportunities::scoring::MAX_THRESHOLDS))
        .unique_items(true)
        .description(Some(
            "The scores to keep as thresholds, each once; at most 20.",
        ))
        .build()
}

/// A page a person visited, as an integration reports it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://shop.example/pricing", "title": "Pricing"}))]
pub struct RecordPageVisitRequest {
    /// An http or https URL.
    #[schema(max_length = 2000, pattern = "^https?://[^/\\s]\\S*$")]
    pub url: String,
    #[schema(max_length = 300)]
    pub title: Option<String>,
    /// When; now when absent. Not in the future.
    pub occurred_at: Option<DateTime<Utc>>,
}

/// A recorded page visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageVisitDto {
    pub id: Uuid,
    /// The person who visited.
    pub person_id: Uuid,
    /// The page.
    pub url: String,
    pub title: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<PageVisit> for PageVisitDto {
    fn from(v: PageVisit) -> Self {
        Self {
            id: v.id,
            person_id: v.person_id,
            url: v.url,
            title: v.title,
            occurred_at: v.occurred_at,
            created_at: v.created_at,
        }
    }
}
