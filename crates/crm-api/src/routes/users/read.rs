//! `GET /v1/users/{id}`: one staff user.

use super::dto::UserDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a user
///
/// One staff user of the caller's organisation, with its `ETag`.
#[utoipa::path(
    operation_id = "users_read",
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = UserDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/users/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Read)?;
    let user = state.accounts.user(&auth.actor, id.0.into()).await?;
    Ok(with_etag(HttpResponse::Ok(), user.version).json(UserDto::from(user)))
}
