//! `POST /v1/auth/password-reset/confirm`: set a new password through a reset link.

use super::accept_invitation::LinkPasswordRequest;
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};

/// Reset a password
///
/// Sets a new password with the token of a password-reset link and ends every session
/// of the user (sign in again with the new password). The link works once, for 60
/// minutes, and a newer link voids it; a used, expired or unknown token is a 422 naming
/// `token`.
#[utoipa::path(
    operation_id = "auth_password_reset_confirm",
    tag = "auth",
    request_body = LinkPasswordRequest,
    responses(
        (status = 204, description = "The password is changed; sign in with it"),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn password_reset_confirm(
    state: web::Data<AppState>,
    body: JsonBody<LinkPasswordRequest>,
) -> ApiResult<HttpResponse> {
    state
        .accounts
        .reset_password(&body.0.token, &body.0.password)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
