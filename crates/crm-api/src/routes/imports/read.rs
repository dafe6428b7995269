//! `GET /v1/imports/{id}`: an import's state and progress.

use super::dto::ImportDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read an import
///
/// Its status, and how many rows are done, created, updated and failed so far.
#[utoipa::path(
    operation_id = "imports_read",
    tag = "imports",
    params(("id" = uuid::Uuid, Path, description = "The import's id")),
    responses((status = 200, description = "The import", body = ImportDto)),
    security(("bearer" = []))
)]
#[get("/imports/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let i = state.imports.get(&auth.actor, id.0).await?;
    Ok(HttpResponse::Ok().json(ImportDto::from(i)))
}
