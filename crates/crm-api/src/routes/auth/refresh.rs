//! `POST /v1/auth/refresh`: a refresh token for new tokens.

use super::{RefreshRequest, TokenResponse, tokens};
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::middleware::conditional::NO_STORE;
use crate::state::AppState;
use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpResponse, post, web};

/// Refresh tokens
///
/// Spends a refresh token for a new access token and a new refresh token. A refresh
/// token presented twice ends its whole session: sign in again.
#[utoipa::path(
    operation_id = "auth_refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "The credentials are not valid", body = crate::http::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: JsonBody<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let session = state.accounts.refresh(body.0.token()?).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, NO_STORE))
        .json(tokens(&state, session)?))
}
