//! `POST /v1/imports/{id}/cancel`: stops an uploading, queued or running import.

use super::dto::ImportDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Cancel an import
///
/// The batch being written finishes; no row after it is written. Rows already written
/// stay. An import left `uploading` by an upload that was cut off is ended this way
/// too (its stored part is dropped). A finished import answers 409.
#[utoipa::path(
    operation_id = "imports_cancel",
    tag = "imports",
    params(("id" = uuid::Uuid, Path, description = "The import's id")),
    responses(
        (status = 200, description = "The cancelled import", body = ImportDto),
        (status = 409, description = "The import has already finished"),
    ),
    security(("bearer" = []))
)]
#[post("/imports/{id:[0-9a-fA-F-]+}/cancel")]
pub async fn cancel(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let i = state.imports.cancel(&auth.actor, id.0).await?;
    Ok(HttpResponse::Ok().json(ImportDto::from(i)))
}
