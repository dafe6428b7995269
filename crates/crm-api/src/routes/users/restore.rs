//! `POST /v1/users/{id}/restore`: bring back a deleted staff user.

use super::dto::UserDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Restore a user
///
/// Undoes a delete. Sessions ended by the delete stay ended.
#[utoipa::path(
    operation_id = "users_restore",
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The restored user", body = UserDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/users/{id:[0-9a-fA-F-]+}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Delete)?;
    let user = state
        .accounts
        .restore_user(&auth.actor, id.0.into())
        .await?;
    Ok(with_etag(HttpResponse::Ok(), user.version).json(UserDto::from(user)))
}
