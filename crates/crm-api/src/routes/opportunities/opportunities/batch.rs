//! `POST /v1/opportunities/batch`: up to 100 opportunity creates, updates and upserts on
//! external_id (a deal list sent again from another system updates what it wrote), each
//! standing alone, or all or nothing with `?atomic=true`.

use super::dto::OpportunityDto;
use super::input::{CreateOpportunityRequest, UpdateOpportunityRequest};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{JsonBody, QueryParams};
use crate::routes::batch::{BatchAction, BatchParams, missing, read, run};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_opportunities::opportunity::{Opportunity, OpportunityInput, OpportunityPatchInput};
use crm_records::batch::{BatchOp, ExternalId};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// The natural key an opportunity upsert matches on.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpportunityMatchOn {
    ExternalId,
}

/// One item: `create` an opportunity, `update` the opportunity `id` (a merge-patch), or
/// `upsert` the opportunity whose external_id equals the one in `opportunity`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpportunityBatchEnvelope {
    pub action: BatchAction,
    /// The opportunity to update (`update` only).
    pub id: Option<Uuid>,
    /// The key of an upsert (`upsert` only).
    pub match_on: Option<OpportunityMatchOn>,
    /// The opportunity's fields, as `POST /v1/opportunities` (create, upsert) or `PATCH`
    /// (update) takes them.
    pub opportunity: Value,
}

crate::batch_items!(
    OpportunityBatchItem,
    "opportunity",
    CreateOpportunityRequest,
    UpdateOpportunityRequest,
    OpportunityMatchOn,
    "opportunity"
);

crate::batch_wire!(
    request: OpportunityBatchRequest,
    result: OpportunityBatchResult,
    response: OpportunityBatchResponse,
    item: OpportunityBatchItem,
    dto: OpportunityDto,
    record: Opportunity,
    about: "A batch of opportunity writes.",
);

type Item = BatchOp<OpportunityInput, OpportunityPatchInput, ExternalId>;

/// Reads one item's opportunity into a batch input, or the error that answers the item.
fn item(it: OpportunityBatchEnvelope, index: usize) -> Result<Item, ApiError> {
    match it.action {
        BatchAction::Create => {
            let c: CreateOpportunityRequest = read(&it.opportunity, index)?;
            Ok(BatchOp::Create(c.into()))
        }
        BatchAction::Update => {
            let id = it
                .id
                .ok_or_else(|| missing(index, "id", "an update names the opportunity's id"))?;
            let p: UpdateOpportunityRequest = read(&it.opportunity, index)?;
            Ok(BatchOp::Update {
                id,
                patch: p.into(),
            })
        }
        BatchAction::Upsert => {
            let OpportunityMatchOn::ExternalId = it.match_on.ok_or_else(|| {
                missing(index, "match_on", "an upsert names its key: external_id")
            })?;
            let Some(key) = it.opportunity["external_id"].as_str().map(str::to_string) else {
                return Err(missing(
                    index,
                    "opportunity.external_id",
                    "an upsert's opportunity holds the external_id it matches on",
                ));
            };
            let create: CreateOpportunityRequest = read(&it.opportunity, index)?;
            let patch: UpdateOpportunityRequest = read(&it.opportunity, index)?;
            Ok(BatchOp::Upsert {
                key: ExternalId(key),
                create: Box::new(Ok(create.into())),
                patch: Box::new(patch.into()),
            })
        }
    }
}

/// Write opportunities in a batch
///
/// Up to 100 items; each adds, changes (a stage move among them) or upserts one
/// opportunity (upserts match on `external_id`, so a deal list sent again from another
/// system updates what it wrote). Each item stands alone unless `atomic=true`, when one
/// failure writes nothing and answers 422 naming every failing item. A person, company,
/// owner, pipeline or stage that is not live in the organisation fails its item, naming
/// the field (`items[0].person_id`).
#[utoipa::path(
    operation_id = "opportunities_batch",
    tag = "opportunities",
    params(BatchParams),
    request_body = OpportunityBatchRequest,
    responses((status = 200, description = "One result per item", body = OpportunityBatchResponse)),
    security(("bearer" = []))
)]
#[post("/opportunities/batch")]
pub async fn batch(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<BatchParams>,
    body: JsonBody<OpportunityBatchRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Create)?;
    auth.require(Area::Opportunities, Action::Update)?;
    let atomic = params.0.atomic.unwrap_or(false);
    let answers = run(body.0.items, atomic, item, |inputs| {
        state
            .opportunities
            .batch_opportunities(&auth.actor, inputs, atomic)
    })
    .await?;
    let results = answers
        .into_iter()
        .map(OpportunityBatchResult::from)
        .collect();
    Ok(HttpResponse::Ok().json(OpportunityBatchResponse { results }))
}
