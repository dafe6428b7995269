//! `GET /v1/companies/{id}/duplicates`: companies that may be the same as this one.

use super::dto::CompanyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::routes::customers::people::duplicates::ReasonDto;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use serde::Serialize;
use utoipa::ToSchema;

/// A possible duplicate company.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDuplicateDto {
    pub company: CompanyDto,
    /// 0 to 1: how likely the two are the same company.
    #[schema(example = 0.9)]
    pub score: f64,
    pub reasons: Vec<ReasonDto>,
}

/// Possible duplicate companies, most likely first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDuplicateList {
    pub data: Vec<CompanyDuplicateDto>,
}

/// Find duplicate companies
///
/// Up to 20 companies on the same domain (their `domain` or their website's host) or with
/// an alike name, compared without case, punctuation or legal form ("ACME, Inc." is
/// "Acme Incorporated"), ranked by score with the reasons. Merge them with
/// `POST /v1/companies/{id}/merge`.
#[utoipa::path(
    operation_id = "companies_duplicates",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The company's id")),
    responses((status = 200, description = "Possible duplicates", body = CompanyDuplicateList)),
    security(("bearer" = []))
)]
#[get("/companies/{id:[0-9a-fA-F-]+}/duplicates")]
pub async fn duplicates(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let data = state
        .customers
        .companies
        .duplicates(&auth.actor, id.0.into())
        .await?
        .into_iter()
        .map(|c| CompanyDuplicateDto {
            company: c.record.into(),
            score: c.score,
            reasons: c.reasons.into_iter().map(Into::into).collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(CompanyDuplicateList { data }))
}
