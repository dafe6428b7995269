//! `DELETE /v1/companies/{id}`: remove a company (restorable).

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete a company
///
/// Hides the company from reads and lists; `POST /v1/companies/{id}/restore` brings it back.
#[utoipa::path(
    operation_id = "companies_delete",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The company's id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/companies/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    state
        .customers
        .companies
        .delete(&auth.actor, id.0, if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
