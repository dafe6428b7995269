//! `POST /v1/users`: invite a staff user by email, or add one with a first password.

use super::dto::{RoleDto, UserDto};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::middleware::email_budget::EmailBudget;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::service::{Invite, InviteRefused};
use crm_accounts::{Action, Area};
use serde::Deserialize;
use utoipa::ToSchema;

/// A user to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "grace@example.com", format = "email", max_length = 254)]
    pub email: String,
    #[schema(
        example = "Grace Hopper",
        min_length = 1,
        max_length = 200,
        pattern = "\\S"
    )]
    pub name: String,
    pub role: RoleDto,
    /// Leave out to invite the user by email (they choose their password through a
    /// single-use link). Given, the user is active at once with this first password:
    /// for servers without email; tell them to change it.
    #[serde(default)]
    #[schema(
        example = "correct horse battery staple",
        min_length = 10,
        max_length = 256
    )]
    pub password: Option<String>,
}

/// Create a user
///
/// Adds a staff user to the caller's organisation. Without a `password`, the user is
/// `invited`: an email with a single-use link valid for 7 days lets them choose their
/// password, and they cannot sign in before (`POST /v1/users/{id}/invitation` sends a
/// new link). Account emails are limited to 3 an hour per address and 100 an hour per
/// organisation (429). Only an owner may create an owner.
#[utoipa::path(
    operation_id = "users_create",
    tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "The new user", body = UserDto,
         headers(("Location" = String, description = "The user's URL"), ("ETag" = String, description = "The version"))),
        (status = 409, description = "A user of this organisation has the email", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many account emails to this address or from this organisation in the hour; Retry-After says when", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Create)?;
    let b = body.0;
    let user = match b.password {
        Some(password) => {
            let invite = Invite {
                name: b.name,
                email: b.email,
                role: b.role.into(),
                password,
            };
            state
                .accounts
                .invite(&auth.actor, auth.caller.role, invite)
                .await?
        }
        None => {
            let budget = EmailBudget(&state.limiter);
            state
                .accounts
                .invite_by_email(
                    &auth.actor,
                    auth.caller.role,
                    &b.name,
                    &b.email,
                    b.role.into(),
                    &budget,
                )
                .await
                .map_err(refused)?
        }
    };
    let mut res = with_etag(HttpResponse::Created(), user.version);
    res.insert_header((LOCATION, format!("/v1/users/{}", user.id)));
    Ok(res.json(UserDto::from(user)))
}

/// An invitation that could not go: a limit (429 with `Retry-After`) or a domain error.
pub fn refused(e: InviteRefused) -> ApiError {
    match e {
        InviteRefused::Domain(e) => e.into(),
        InviteRefused::Limited(wait) => crate::middleware::email_budget::too_many_emails(wait),
    }
}
