//! `POST /v1/interactions/batch`: up to 100 interaction creates, updates and upserts on
//! external_id (a call log sent again updates what it wrote), each standing alone, or
//! all or nothing with `?atomic=true`.

use super::dto::InteractionDto;
use super::input::{CreateInteractionRequest, UpdateInteractionRequest};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{JsonBody, QueryParams};
use crate::routes::batch::{BatchAction, BatchParams, missing, read, run};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_interactions::interaction::{Interaction, InteractionInput, InteractionPatchInput};
use crm_records::batch::{BatchOp, ExternalId};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// The natural key an interaction upsert matches on.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InteractionMatchOn {
    ExternalId,
}

/// One item: `create` an interaction, `update` the interaction `id` (a merge-patch), or
/// `upsert` the interaction whose external_id equals the one in `interaction`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionBatchEnvelope {
    pub action: BatchAction,
    /// The interaction to update (`update` only).
    pub id: Option<Uuid>,
    /// The key of an upsert (`upsert` only).
    pub match_on: Option<InteractionMatchOn>,
    /// The interaction's fields, as `POST /v1/interactions` (create, upsert) or `PATCH`
    /// (update) takes them.
    pub interaction: Value,
}

crate::batch_items!(
    InteractionBatchItem,
    "interaction",
    CreateInteractionRequest,
    UpdateInteractionRequest,
    InteractionMatchOn,
    "interaction"
);

crate::batch_wire!(
    request: InteractionBatchRequest,
    result: InteractionBatchResult,
    response: InteractionBatchResponse,
    item: InteractionBatchItem,
    dto: InteractionDto,
    record: Interaction,
    about: "A batch of interaction writes.",
);

type Item = BatchOp<InteractionInput, InteractionPatchInput, ExternalId>;

/// Reads one item's interaction into a batch input, or the error that answers the item.
fn item(it: InteractionBatchEnvelope, index: usize) -> Result<Item, ApiError> {
    match it.action {
        BatchAction::Create => {
            let c: CreateInteractionRequest = read(&it.interaction, index)?;
            Ok(BatchOp::Create(c.into()))
        }
        BatchAction::Update => {
            let id = it
                .id
                .ok_or_else(|| missing(index, "id", "an update names the interaction's id"))?;
            let p: UpdateInteractionRequest = read(&it.interaction, index)?;
            Ok(BatchOp::Update {
                id,
                patch: p.into(),
            })
        }
        BatchAction::Upsert => {
            let InteractionMatchOn::ExternalId = it.match_on.ok_or_else(|| {
                missing(index, "match_on", "an upsert names its key: external_id")
            })?;
            let Some(key) = it.interaction["external_id"].as_str().map(str::to_string) else {
                return Err(missing(
                    index,
                    "interaction.external_id",
                    "an upsert's interaction holds the external_id it matches on",
                ));
            };
            let create: CreateInteractionRequest = read(&it.interaction, index)?;
            let patch: UpdateInteractionRequest = read(&it.interaction, index)?;
            Ok(BatchOp::Upsert {
                key: ExternalId(key),
                create: Box::new(Ok(create.into())),
                patch: Box::new(patch.into()),
            })
        }
    }
}

/// Write interactions in a batch
///
/// Up to 100 items; each logs, corrects or upserts one interaction (upserts match on
/// `external_id`, so a call log or mail archive sent again updates what it wrote). Each
/// item stands alone unless `atomic=true`, when one failure writes nothing and answers
/// 422 naming every failing item. A link to a person, company or user that is not live
/// in the organisation fails its item, naming the list and index
/// (`items[0].person_ids[1]`).
#[utoipa::path(
    operation_id = "interactions_batch",
    tag = "interactions",
    params(BatchParams),
    request_body = InteractionBatchRequest,
    responses((status = 200, description = "One result per item", body = InteractionBatchResponse)),
    security(("bearer" = []))
)]
#[post("/interactions/batch")]
pub async fn batch(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<BatchParams>,
    body: JsonBody<InteractionBatchRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Interactions, Action::Create)?;
    auth.require(Area::Interactions, Action::Update)?;
    let atomic = params.0.atomic.unwrap_or(false);
    let answers = run(body.0.items, atomic, item, |inputs| {
        state
            .interactions
            .batch_interactions(&auth.actor, inputs, atomic)
    })
    .await?;
    let results = answers
        .into_iter()
        .map(InteractionBatchResult::from)
        .collect();
    Ok(HttpResponse::Ok().json(InteractionBatchResponse { results }))
}
