//! `DELETE /v1/users/{id}`: remove a staff user (restorable).

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete a user
///
/// Hides the user from reads and ends its sessions; `POST /v1/users/{id}/restore` brings
/// it back. The last active owner cannot be deleted, nor can callers delete themselves.
#[utoipa::path(
    operation_id = "users_delete",
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "The user's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The last owner or the caller", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/users/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Delete)?;
    state
        .accounts
        .delete_user(&auth.actor, auth.caller.role, id.0.into(), if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
