//! `POST /v1/companies/{id}/merge`: fold other companies into this one.

use super::dto::CompanyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::merge::{COMPANY, Merge};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// What to merge into the company of the path.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyMergeRequest {
    /// The companies to fold in (1 to 10), in order of preference.
    #[schema(min_items = 1, max_items = 10)]
    pub merge_ids: Vec<Uuid>,
    /// Fields to take from a given record (the survivor's id or one of `merge_ids`):
    /// `name`, `domain`, `website`, `industry`, `size`, `owner_id`, `source`,
    /// `external_id`. Others keep the survivor's value, or the first non-empty value of
    /// the merged records.
    #[serde(default)]
    #[schema(value_type = CompanyMergeChoices, example = json!({"domain": "0193a0c4-7b1e-7c39-9a4e-2f0d6f1f6a10"}))]
    pub choose: BTreeMap<String, Uuid>,
    /// Show the result without writing it.
    #[serde(default)]
    pub dry_run: bool,
}

/// The surviving company after the merge.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyMergeResponse {
    pub company: CompanyDto,
    pub merged_ids: Vec<Uuid>,
    /// True when nothing was written.
    pub dry_run: bool,
}

/// Merge companies
///
/// Folds the `merge_ids` into this company in one transaction: tags and addresses are
/// joined, the people working at the merged companies move (a person already linked to
/// the survivor keeps that link), custom values move where the survivor has none, and
/// chosen fields are taken from the record named. The merged companies disappear from
/// lists; reading one answers 308 with `Location` pointing at the survivor. `dry_run`
/// shows the result without writing it.
#[utoipa::path(
    operation_id = "companies_merge",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The survivor's id")),
    request_body = CompanyMergeRequest,
    responses((status = 200, description = "The survivor", body = CompanyMergeResponse)),
    security(("bearer" = []))
)]
#[post("/companies/{id:[0-9a-fA-F-]+}/merge")]
pub async fn merge(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<CompanyMergeRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    let b = body.0;
    let m = Merge::validate(COMPANY, id.0, b.merge_ids.clone(), b.choose, b.dry_run)?.typed();
    let dry_run = m.dry_run;
    let company = state
        .customers
        .companies
        .merge(&auth.actor, id.0.into(), m)
        .await?;
    Ok(HttpResponse::Ok().json(CompanyMergeResponse {
        company: company.into(),
        merged_ids: b.merge_ids,
        dry_run,
    }))
}

/// Which record each choosable field is taken from: the survivor's id or one of
/// `merge_ids`. A field not named keeps the survivor's value, or the first non-empty one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyMergeChoices {
    #[schema(nullable = false)]
    pub name: Option<Uuid>,
    #[schema(nullable = false)]
    pub domain: Option<Uuid>,
    #[schema(nullable = false)]
    pub website: Option<Uuid>,
    #[schema(nullable = false)]
    pub industry: Option<Uuid>,
    #[schema(nullable = false)]
    pub size: Option<Uuid>,
    #[schema(nullable = false)]
    pub owner_id: Option<Uuid>,
    #[schema(nullable = false)]
    pub source: Option<Uuid>,
    #[schema(nullable = false)]
    pub external_id: Option<Uuid>,
}
