//! `POST /v1/auth/signup`: a new organisation and its owner.

use super::{OrganisationDto, TokenResponse, tokens};
use crate::http::context;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::JsonBody;
use crate::middleware::conditional::NO_STORE;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::CACHE_CONTROL;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::service::Signup;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What sign-up needs.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    /// The new organisation's name.
    #[schema(
        example = "Acme Ltd",
        min_length = 1,
        max_length = 200,
        pattern = "\\S"
    )]
    pub organisation_name: String,
    #[schema(
        example = "Ada Lovelace",
        min_length = 1,
        max_length = 200,
        pattern = "\\S"
    )]
    pub name: String,
    #[schema(example = "ada@example.com", format = "email", max_length = 254)]
    pub email: String,
    #[schema(
        example = "correct horse battery staple",
        min_length = 10,
        max_length = 256
    )]
    pub password: String,
}

/// The new organisation, its owner, and the owner's tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignupResponse {
    pub organisation: OrganisationDto,
    #[serde(flatten)]
    pub session: TokenResponse,
}

/// Sign up
///
/// Creates an organisation with the caller as its owner and signs the owner in. The
/// answer never says whether the email has an account in another organisation: an
/// email is unique within one organisation only. Off
/// when the server runs with `CRM_SIGNUP=false`.
#[utoipa::path(
    operation_id = "auth_signup",
    tag = "auth",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "The organisation and its signed-in owner", body = SignupResponse,
         headers(("Location" = String, description = "The owner's URL"))),
    )
)]
#[post("/auth/signup")]
pub async fn signup(
    state: web::Data<AppState>,
    body: JsonBody<SignupRequest>,
) -> ApiResult<HttpResponse> {
    if !state.settings.signup {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "signup_disabled",
            "Forbidden",
            "sign-up is turned off on this server; ask an administrator for an account",
        ));
    }
    let b = body.0;
    let (org, session) = state
        .accounts
        .signup(
            Signup {
                organisation_name: b.organisation_name,
                name: b.name,
                email: b.email,
                password: b.password,
            },
            context::request_id(),
        )
        .await?;
    let location = format!("/v1/users/{}", session.user.id);
    let body = SignupResponse {
        organisation: org.into(),
        session: tokens(&state, session)?,
    };
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, location))
        .insert_header((CACHE_CONTROL, NO_STORE))
        .json(body))
}
