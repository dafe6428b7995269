//! `POST /v1/people/batch`: up to 100 creates, updates and upserts, each standing alone,
//! or all or nothing with `?atomic=true`.

use super::dto::PersonDto;
use super::input::CreatePersonRequest;
use super::input::UpdatePersonRequest;
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{JsonBody, QueryParams};
use crate::routes::batch::{BatchAction, BatchParams, missing, read, run};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::Person;
use crm_customers::batch::MatchKey;
use crm_customers::service::BatchInput;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// The natural key an upsert matches on.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchOn {
    Email,
    ExternalId,
}

/// One item: `create` a person, `update` the person `id` (a merge-patch), or `upsert` the
/// person whose email or external_id (`match_on`) equals the one in `person`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonBatchEnvelope {
    pub action: BatchAction,
    /// The person to update (`update` only).
    pub id: Option<Uuid>,
    /// The key of an upsert (`upsert` only).
    pub match_on: Option<MatchOn>,
    /// The person's fields, as `POST /v1/people` (create, upsert) or `PATCH` (update) takes them.
    pub person: Value,
}

crate::batch_items!(
    PersonBatchItem,
    "person",
    CreatePersonRequest,
    UpdatePersonRequest,
    MatchOn,
    "person"
);

crate::batch_wire!(
    request: BatchRequest,
    result: BatchResult,
    response: BatchResponse,
    item: PersonBatchItem,
    dto: PersonDto,
    record: Person,
    about: "A batch of writes.",
);

/// Reads one item's person into a batch input, or the error that answers the item.
fn item(it: PersonBatchEnvelope, index: usize) -> Result<BatchInput, ApiError> {
    match it.action {
        BatchAction::Create => {
            let p: CreatePersonRequest = read(&it.person, index)?;
            Ok(BatchInput::Create(p.into()))
        }
        BatchAction::Update => {
            let id = it
                .id
                .ok_or_else(|| missing(index, "id", "an update names the person's id"))?;
            let p: UpdatePersonRequest = read(&it.person, index)?;
            Ok(BatchInput::Update {
                id,
                patch: p.into(),
            })
        }
        BatchAction::Upsert => {
            let on = it.match_on.ok_or_else(|| {
                missing(
                    index,
                    "match_on",
                    "an upsert names its key: email or external_id",
                )
            })?;
            let key_value = match on {
                MatchOn::Email => it.person["emails"][0]["address"].as_str(),
                MatchOn::ExternalId => it.person["external_id"].as_str(),
            };
            let Some(key_value) = key_value.map(str::to_string) else {
                return Err(missing(
                    index,
                    "person",
                    "an upsert's person holds the key it matches on",
                ));
            };
            let create: CreatePersonRequest = read(&it.person, index)?;
            let patch: UpdatePersonRequest = read(&it.person, index)?;
            let key = match on {
                MatchOn::Email => MatchKey::Email(key_value),
                MatchOn::ExternalId => MatchKey::ExternalId(key_value),
            };
            Ok(BatchInput::Upsert {
                key,
                create: Box::new(create.into()),
                patch: Box::new(patch.into()),
            })
        }
    }
}

/// Write people in a batch
///
/// Up to 100 items; each creates, updates or upserts one person (upserts match on the
/// first email or the external_id). Each item stands alone unless `atomic=true`, when one
/// failure writes nothing and answers 422 naming every failing item.
#[utoipa::path(
    operation_id = "people_batch",
    tag = "people",
    params(BatchParams),
    request_body = BatchRequest,
    responses((status = 200, description = "One result per item", body = BatchResponse)),
    security(("bearer" = []))
)]
#[post("/people/batch")]
pub async fn batch(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<BatchParams>,
    body: JsonBody<BatchRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Create)?;
    auth.require(Area::Customers, Action::Update)?;
    let atomic = params.0.atomic.unwrap_or(false);
    let answers = run(body.0.items, atomic, item, |inputs| {
        state.customers.people.batch(&auth.actor, inputs, atomic)
    })
    .await?;
    let results = answers.into_iter().map(BatchResult::from).collect();
    Ok(HttpResponse::Ok().json(BatchResponse { results }))
}
