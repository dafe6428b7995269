//! `POST /v1/people/batch`: up to 100 creates, updates and upserts, each standing alone,
//! or all or nothing with `?atomic=true`.

use super::create::CreatePersonRequest;
use super::dto::PersonDto;
use super::update::UpdatePersonRequest;
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{JsonBody, QueryParams, parse_json};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_core::FieldError;
use crm_customers::batch::{BatchOutcome, MAX_BATCH, MatchKey};
use crm_customers::service::BatchInput;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// What one item does.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchAction {
    Create,
    Update,
    Upsert,
}

/// The natural key an upsert matches on.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchOn {
    Email,
    ExternalId,
}

/// One item: `create` a person, `update` the person `id` (a merge-patch), or `upsert` the
/// person whose email or external_id (`match_on`) equals the one in `person`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    pub action: BatchAction,
    /// The person to update (`update` only).
    pub id: Option<Uuid>,
    /// The key of an upsert (`upsert` only).
    pub match_on: Option<MatchOn>,
    /// The person's fields, as `POST /v1/people` (create, upsert) or `PATCH` (update) takes them.
    #[schema(value_type = Object)]
    pub person: Value,
}

/// A batch of writes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    #[schema(value_type = Vec<BatchItem>, min_items = 1, max_items = 100)]
    pub items: Vec<Value>,
}

/// Whether the batch is all or nothing.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BatchParams {
    /// One failure writes nothing (and answers 422).
    pub atomic: Option<bool>,
}

/// The result of one item.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    pub index: usize,
    /// 201 created, 200 updated, or the error's status.
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<PersonDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Problem>,
}

/// One result per item, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResponse {
    pub results: Vec<BatchResult>,
}

fn prefixed(e: ApiError, index: usize) -> ApiError {
    let mut e = e;
    for f in e.errors.iter_mut() {
        f.field = if f.field.is_empty() {
            format!("items[{index}]")
        } else {
            format!("items[{index}].{}", f.field)
        };
    }
    e
}

/// Reads an item's envelope (action, id, match_on); its errors refuse the whole batch.
fn envelope(raw: &Value, index: usize) -> Result<BatchItem, ApiError> {
    let bytes = serde_json::to_vec(raw).unwrap_or_default();
    parse_json(&bytes).map_err(|e| prefixed(e, index))
}

/// Reads one item's person into a batch input, or the error that answers the item.
fn item(it: BatchItem, index: usize) -> Result<BatchInput, ApiError> {
    let person = serde_json::to_vec(&it.person).unwrap_or_default();
    let missing = |field: &str, why: &str| {
        ApiError::validation(vec![FieldError::new(
            format!("items[{index}].{field}"),
            "required",
            why,
        )])
    };
    match it.action {
        BatchAction::Create => {
            let p: CreatePersonRequest = parse_json(&person).map_err(|e| prefixed(e, index))?;
            Ok(BatchInput::Create(p.into()))
        }
        BatchAction::Update => {
            let id = it
                .id
                .ok_or_else(|| missing("id", "an update names the person's id"))?;
            let p: UpdatePersonRequest = parse_json(&person).map_err(|e| prefixed(e, index))?;
            Ok(BatchInput::Update {
                id,
                patch: p.into(),
            })
        }
        BatchAction::Upsert => {
            let on = it.match_on.ok_or_else(|| {
                missing("match_on", "an upsert names its key: email or external_id")
            })?;
            let key_value = match on {
                MatchOn::Email => it.person["emails"][0]["value"].as_str(),
                MatchOn::ExternalId => it.person["external_id"].as_str(),
            };
            let Some(key_value) = key_value.map(str::to_string) else {
                return Err(missing(
                    "person",
                    "an upsert's person holds the key it matches on",
                ));
            };
            let create: CreatePersonRequest =
                parse_json(&person).map_err(|e| prefixed(e, index))?;
            let patch: UpdatePersonRequest = parse_json(&person).map_err(|e| prefixed(e, index))?;
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

/// An item's problem; its `instance` is the item within this request (`#/items/1`).
fn failure(index: usize, e: ApiError) -> BatchResult {
    let mut problem = e.problem();
    problem.instance = format!("#/items/{index}");
    BatchResult {
        index,
        status: e.status.as_u16(),
        data: None,
        error: Some(problem),
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
    let items = body.0.items;
    if items.len() > MAX_BATCH {
        let detail = format!(
            "a batch holds at most {MAX_BATCH} items; this one has {}",
            items.len()
        );
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            "Content too large",
            detail.clone(),
        )
        .with_errors(vec![FieldError::new("items", "too_many", detail)]));
    }
    if items.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new(
            "items",
            "too_few",
            "a batch holds 1 to 100 items",
        )]));
    }
    let atomic = params.0.atomic.unwrap_or(false);
    let mut envelopes = Vec::with_capacity(items.len());
    let mut malformed = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match envelope(v, i) {
            Ok(e) => envelopes.push(e),
            Err(e) => malformed.extend(
                e.errors
                    .iter()
                    .map(|f| FieldError::new(f.field.clone(), f.code.clone(), f.message.clone())),
            ),
        }
    }
    if !malformed.is_empty() {
        return Err(ApiError::validation(malformed));
    }
    let parsed: Vec<Result<BatchInput, ApiError>> = envelopes
        .into_iter()
        .enumerate()
        .map(|(i, e)| item(e, i))
        .collect();
    let mut results: Vec<Option<BatchResult>> = Vec::new();
    let mut inputs = Vec::new();
    for (i, p) in parsed.into_iter().enumerate() {
        match p {
            Ok(input) => {
                results.push(None);
                inputs.push((i, input));
            }
            Err(e) => results.push(Some(failure(i, e))),
        }
    }
    let stop = atomic && results.iter().any(Option::is_some);
    if !stop {
        let (indexes, inputs): (Vec<usize>, Vec<BatchInput>) = inputs.into_iter().unzip();
        let written = state.customers.batch(&auth.actor, inputs, atomic).await?;
        for (i, r) in indexes.into_iter().zip(written) {
            results[i] = Some(match r {
                Ok(BatchOutcome::Created(p)) => BatchResult {
                    index: i,
                    status: 201,
                    data: Some(p.into()),
                    error: None,
                },
                Ok(BatchOutcome::Updated(p)) => BatchResult {
                    index: i,
                    status: 200,
                    data: Some(p.into()),
                    error: None,
                },
                Err(e) => failure(i, prefixed(ApiError::from(e), i)),
            });
        }
    }
    let results: Vec<BatchResult> = results.into_iter().flatten().collect();
    let failed: Vec<&BatchResult> = results.iter().filter(|r| r.status >= 400).collect();
    if atomic && !failed.is_empty() {
        let mut errors = Vec::new();
        for r in &failed {
            let Some(p) = &r.error else { continue };
            if p.errors.is_empty() {
                errors.push(FieldError::new(
                    format!("items[{}]", r.index),
                    p.code.clone(),
                    p.detail.clone(),
                ));
            }
            errors.extend(
                p.errors
                    .iter()
                    .map(|f| FieldError::new(f.field.clone(), f.code.clone(), f.message.clone())),
            );
        }
        return Err(ApiError::validation(errors));
    }
    Ok(HttpResponse::Ok().json(BatchResponse { results }))
}
