//! `POST /v1/companies/{id}/restore`: bring back a deleted company.

use super::dto::CompanyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Restore a company
///
/// Undoes a delete.
#[utoipa::path(
    operation_id = "companies_restore",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The company's id")),
    responses((status = 200, description = "The restored company", body = CompanyDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/companies/{id:[0-9a-fA-F-]+}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    let c = state.customers.companies.restore(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), c.version).json(CompanyDto::from(c)))
}
