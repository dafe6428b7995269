//! `GET /v1/companies/{id}`: one company.

use super::dto::CompanyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a company
///
/// One company with its tags and its `ETag`.
#[utoipa::path(
    operation_id = "companies_read",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The company's id")),
    responses((status = 200, description = "The company", body = CompanyDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/companies/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let c = state.customers.companies.get(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), c.version).json(CompanyDto::from(c)))
}
