//! `POST /v1/auth/login`: email and password for tokens.

use super::{TokenResponse, client_token, tokens};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::JsonBody;
use crate::middleware::conditional::NO_STORE;
use crate::middleware::rate_limit::too_many;
use crate::state::AppState;
use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// Sign-in attempts are counted over this window.
pub const LOGIN_WINDOW_SECONDS: u64 = 900;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "ada@example.com", max_length = 254)]
    pub email: String,
    #[schema(example = "correct horse battery staple", max_length = 256)]
    pub password: String,
    /// The organisation to sign in to. Needed only when the email has an account in
    /// more than one organisation with the same password, or in more than five.
    #[serde(default)]
    pub organisation_id: Option<uuid::Uuid>,
    /// The `client_token` of an earlier sign-in to this account from this client: the
    /// account's lockout does not hold it back.
    #[serde(default)]
    #[schema(
        pattern = "^[A-Za-z0-9_-]{44}$",
        example = "Yq3LZ0v9yWJm7sH2kP8dXeAk5cR1uN6tG4bV0zQxY2wL"
    )]
    pub client_token: Option<String>,
}

/// Sign in
///
/// Exchanges an email and password for a short-lived access token and a single-use
/// refresh token. Attempts are limited per account and per address, counted across
/// replicas and restarts; once an account's are used up, one attempt every
/// `CRM_LOGIN_RETRY_SECONDS` (30) still gets through, and a client that sends the
/// `client_token` of an earlier sign-in is not held back at all. An email may
/// have an account in several organisations: the password picks the account (the
/// oldest it opens), or `organisation_id` names it.
#[utoipa::path(
    operation_id = "auth_login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "The credentials are not valid", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts for this account or address; Retry-After says when to try again", body = crate::http::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<LoginRequest>,
) -> ApiResult<HttpResponse> {
    if body
        .0
        .client_token
        .as_deref()
        .is_some_and(|t| !client_token::well_formed(t))
    {
        return Err(ApiError::validation(vec![crm_core::FieldError::new(
            "client_token",
            "invalid_format",
            "must be the 44-character client_token of an earlier sign-in",
        )]));
    }
    let limit = state.settings.login_rate_limit;
    let ip = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let account = body.0.email.trim().to_lowercase();
    let known = body
        .0
        .client_token
        .as_deref()
        .and_then(|t| client_token::check(&state.cursor_key, &account, t));
    let limiter = &state.limiter;
    let address = limiter
        .hit_exact(
            "login_address",
            &format!("li:{ip}"),
            limit.saturating_mul(5),
            LOGIN_WINDOW_SECONDS,
        )
        .await?;
    if !address.allowed {
        return Err(too_many(&address));
    }
    let d = match known {
        Some(nonce) => {
            let bucket = format!("lc:{nonce}");
            limiter
                .hit_exact("login_client", &bucket, limit, LOGIN_WINDOW_SECONDS)
                .await?
        }
        None => {
            let bucket = format!("la:{account}");
            let d = limiter
                .hit_exact("login_account", &bucket, limit, LOGIN_WINDOW_SECONDS)
                .await?;
            if d.allowed {
                d
            } else {
                // Locked: one attempt every few seconds still gets through, so the
                // right password is never shut out for the whole window.
                let bucket = format!("lr:{account}");
                let retry = state.settings.login_retry_seconds.max(1);
                limiter.hit_exact("login_retry", &bucket, 1, retry).await?
            }
        }
    };
    if !d.allowed {
        return Err(too_many(&d));
    }
    let session = state
        .accounts
        .login(
            &body.0.email,
            &body.0.password,
            body.0.organisation_id.map(crm_core::ids::OrgId),
        )
        .await?;
    let mut answer = tokens(&state, session)?;
    answer.client_token = Some(client_token::issue(&state.cursor_key, &account));
    Ok(HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, NO_STORE))
        .json(answer))
}
