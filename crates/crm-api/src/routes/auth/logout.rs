//! `POST /v1/auth/logout`: end a session.

use super::RefreshRequest;
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};

/// Sign out
///
/// Revokes the session of a refresh token. Access tokens already issued run out on
/// their own within their lifetime.
#[utoipa::path(
    operation_id = "auth_logout",
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: JsonBody<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    state.accounts.logout(body.0.token()?).await?;
    Ok(HttpResponse::NoContent().finish())
}
