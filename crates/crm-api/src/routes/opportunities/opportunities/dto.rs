//! Wire types of opportunities as reads return them, and of their stage moves.

use crate::http::money::AmountDto;
use crate::routes::opportunities::pipelines::dto::StageKindDto;
use chrono::{DateTime, NaiveDate, Utc};
use crm_opportunities::opportunity::{Opportunity, StageMove};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A possible sale to a person and/or company, in a stage of a pipeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpportunityDto {
    pub id: Uuid,
    /// What is being sold, in a line.
    #[schema(example = "Acme: 40 seats, yearly")]
    pub name: String,
    /// The person buying.
    pub person_id: Option<Uuid>,
    /// The company buying.
    pub company_id: Option<Uuid>,
    /// The pipeline it moves through.
    pub pipeline_id: Uuid,
    /// Its stage in the pipeline (`GET /v1/pipelines/{pipeline_id}` names it).
    pub stage_id: Uuid,
    /// The kind of its stage: `open` until won or lost.
    pub status: StageKindDto,
    /// What it is worth, exact.
    pub amount: Option<AmountDto>,
    /// The products proposed, priced as an order's lines (`PUT
    /// /v1/opportunities/{id}/lines`); with lines, `amount` is their net total.
    pub lines: Vec<crate::routes::opportunities::orders::dto::OrderLineDto>,
    /// When it is expected to close.
    pub expected_close_date: Option<NaiveDate>,
    /// The staff user who owns it.
    pub owner_id: Option<Uuid>,
    /// Where it came from (`referral`, `web`, a campaign's name).
    #[schema(example = "referral")]
    pub source: Option<String>,
    /// What happens next.
    #[schema(example = "Send the quote by Friday")]
    pub next_step: Option<String>,
    /// Why it was won or lost; only a closed opportunity has one.
    pub close_reason: Option<String>,
    /// When it was won or lost.
    pub closed_at: Option<DateTime<Utc>>,
    /// When it entered its current stage: the time in stage is counted from it.
    pub stage_entered_at: DateTime<Utc>,
    /// The id another system knows it by, unique in the organisation.
    pub external_id: Option<String>,
    /// The staff user who created it; null when an API key did.
    pub created_by: Option<Uuid>,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=opportunity`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Opportunity> for OpportunityDto {
    fn from(o: Opportunity) -> Self {
        Self {
            id: o.id.into(),
            name: o.name,
            person_id: o.person_id.map(Into::into),
            company_id: o.company_id.map(Into::into),
            pipeline_id: o.pipeline_id,
            stage_id: o.stage_id,
            status: o.status.into(),
            amount: o.amount.map(Into::into),
            lines: o.lines.into_iter().map(Into::into).collect(),
            expected_close_date: o.expected_close_date,
            owner_id: o.owner_id.map(Into::into),
            source: o.source,
            next_step: o.next_step,
            close_reason: o.close_reason,
            closed_at: o.closed_at,
            stage_entered_at: o.stage_entered_at,
            external_id: o.external_id,
            created_by: o.created_by.map(Into::into),
            tags: o.tags,
            custom_fields: o.custom_fields,
            created_at: o.created_at,
            updated_at: o.updated_at,
            version: o.version,
        }
    }
}

crate::page_of!(OpportunityPage, OpportunityDto);

/// A stage an opportunity entered: its first is the stage it was created in.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageMoveDto {
    pub id: Uuid,
    /// The stage it left; null for the stage it was created in.
    pub from_stage_id: Option<Uuid>,
    /// The stage it entered.
    pub to_stage_id: Uuid,
    /// The kind of the stage entered.
    pub to_status: StageKindDto,
    /// When it entered it.
    pub moved_at: DateTime<Utc>,
    /// The staff user who moved it; null for an API key.
    pub moved_by: Option<Uuid>,
    /// How long it had been in `from_stage_id`, in seconds.
    #[schema(example = 86400, minimum = 0)]
    pub seconds_in_stage: Option<i64>,
}

impl From<StageMove> for StageMoveDto {
    fn from(m: StageMove) -> Self {
        Self {
            id: m.id,
            from_stage_id: m.from_stage_id,
            to_stage_id: m.to_stage_id,
            to_status: m.to_status.into(),
            moved_at: m.moved_at,
            moved_by: m.moved_by.map(Into::into),
            seconds_in_stage: m.seconds_in_stage,
        }
    }
}

crate::page_of!(StageMovePage, StageMoveDto);
