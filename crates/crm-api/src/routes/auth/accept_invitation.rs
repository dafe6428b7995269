//! `POST /v1/auth/accept-invitation`: an invited user chooses a password and signs in.

use super::{TokenResponse, tokens};
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::middleware::conditional::NO_STORE;
use crate::state::AppState;
use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// The link's token and the password to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkPasswordRequest {
    /// The `token` of the link the email carried.
    #[schema(
        pattern = "^[A-Za-z0-9_-]{43}$",
        example = "o1TGBcQGmW5X3y8d2sF0aZ7pL4kV9uN6rE1tJ5hC2qM"
    )]
    pub token: String,
    /// The new password.
    #[schema(
        example = "correct horse battery staple",
        min_length = 10,
        max_length = 256
    )]
    pub password: String,
}

/// Accept an invitation
///
/// Sets the first password of a user invited by email (`POST /v1/users` without a
/// password), makes them `active` and signs them in. The link works once, for 7 days;
/// a used, expired or unknown token is a 422 naming `token`.
#[utoipa::path(
    operation_id = "auth_accept_invitation",
    tag = "auth",
    request_body = LinkPasswordRequest,
    responses(
        (status = 200, description = "The user is active and signed in", body = TokenResponse),
    )
)]
#[post("/auth/accept-invitation")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    body: JsonBody<LinkPasswordRequest>,
) -> ApiResult<HttpResponse> {
    let session = state
        .accounts
        .accept_invitation(&body.0.token, &body.0.password)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, NO_STORE))
        .json(tokens(&state, session)?))
}
