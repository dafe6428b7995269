//! `POST /v1/companies/batch`: up to 100 company creates, updates and upserts, each
//! standing alone, or all or nothing with `?atomic=true`.

use super::dto::CompanyDto;
use super::input::{CreateCompanyRequest, UpdateCompanyRequest};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{JsonBody, QueryParams};
use crate::routes::batch::{BatchAction, BatchParams, missing, read, run};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::batch::CompanyKey;
use crm_customers::company::Company;
use crm_customers::service::{BatchInput, CompanyBatchInput};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// The natural key a company upsert matches on.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompanyMatchOn {
    Domain,
    ExternalId,
}

/// One item: `create` a company, `update` the company `id` (a merge-patch), or `upsert`
/// the company whose domain or external_id (`match_on`) equals the one in `company`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyBatchEnvelope {
    pub action: BatchAction,
    /// The company to update (`update` only).
    pub id: Option<Uuid>,
    /// The key of an upsert (`upsert` only).
    pub match_on: Option<CompanyMatchOn>,
    /// The company's fields, as `POST /v1/companies` (create, upsert) or `PATCH` (update)
    /// takes them.
    pub company: Value,
}

crate::batch_items!(
    CompanyBatchItem,
    "company",
    CreateCompanyRequest,
    UpdateCompanyRequest,
    CompanyMatchOn,
    "company"
);

crate::batch_wire!(
    request: CompanyBatchRequest,
    result: CompanyBatchResult,
    response: CompanyBatchResponse,
    item: CompanyBatchItem,
    dto: CompanyDto,
    record: Company,
    about: "A batch of company writes.",
);

/// Reads one item's company into a batch input, or the error that answers the item.
fn item(it: CompanyBatchEnvelope, index: usize) -> Result<CompanyBatchInput, ApiError> {
    match it.action {
        BatchAction::Create => {
            let c: CreateCompanyRequest = read(&it.company, index)?;
            Ok(BatchInput::Create(c.into()))
        }
        BatchAction::Update => {
            let id = it
                .id
                .ok_or_else(|| missing(index, "id", "an update names the company's id"))?;
            let c: UpdateCompanyRequest = read(&it.company, index)?;
            Ok(BatchInput::Update {
                id,
                patch: c.into(),
            })
        }
        BatchAction::Upsert => {
            let on = it.match_on.ok_or_else(|| {
                missing(
                    index,
                    "match_on",
                    "an upsert names its key: domain or external_id",
                )
            })?;
            let key_value = match on {
                CompanyMatchOn::Domain => it.company["domain"].as_str(),
                CompanyMatchOn::ExternalId => it.company["external_id"].as_str(),
            };
            let Some(key_value) = key_value.map(str::to_string) else {
                return Err(missing(
                    index,
                    "company",
                    "an upsert's company holds the key it matches on",
                ));
            };
            let create: CreateCompanyRequest = read(&it.company, index)?;
            let patch: UpdateCompanyRequest = read(&it.company, index)?;
            let key = match on {
                CompanyMatchOn::Domain => CompanyKey::Domain(key_value),
                CompanyMatchOn::ExternalId => CompanyKey::ExternalId(key_value),
            };
            Ok(BatchInput::Upsert {
                key,
                create: Box::new(create.into()),
                patch: Box::new(patch.into()),
            })
        }
    }
}

/// Write companies in a batch
///
/// Up to 100 items; each creates, updates or upserts one company (upserts match on the
/// domain or the external_id). Each item stands alone unless `atomic=true`, when one
/// failure writes nothing and answers 422 naming every failing item.
#[utoipa::path(
    operation_id = "companies_batch",
    tag = "companies",
    params(BatchParams),
    request_body = CompanyBatchRequest,
    responses((status = 200, description = "One result per item", body = CompanyBatchResponse)),
    security(("bearer" = []))
)]
#[post("/companies/batch")]
pub async fn batch(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<BatchParams>,
    body: JsonBody<CompanyBatchRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Create)?;
    auth.require(Area::Customers, Action::Update)?;
    let atomic = params.0.atomic.unwrap_or(false);
    let answers = run(body.0.items, atomic, item, |inputs| {
        state.customers.companies.batch(&auth.actor, inputs, atomic)
    })
    .await?;
    let results = answers.into_iter().map(CompanyBatchResult::from).collect();
    Ok(HttpResponse::Ok().json(CompanyBatchResponse { results }))
}
