//! `POST /v1/users`: invite a staff user.

use super::dto::{RoleDto, UserDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::service::Invite;
use crm_accounts::{Action, Area};
use serde::Deserialize;
use utoipa::ToSchema;

/// A user to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "grace@example.com", format = "email", max_length = 254)]
    pub email: String,
    #[schema(example = "Grace Hopper", min_length = 1, max_length = 200)]
    pub name: String,
    pub role: RoleDto,
    /// The first password; the user should change it.
    #[schema(
        example = "correct horse battery staple",
        min_length = 10,
        max_length = 256
    )]
    pub password: String,
}

/// Create a user
///
/// Adds a staff user to the caller's organisation. Only an owner may create an owner.
#[utoipa::path(
    operation_id = "users_create",
    tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "The new user", body = UserDto,
         headers(("Location" = String, description = "The user's URL"), ("ETag" = String, description = "The version"))),
        (status = 409, description = "A user of this organisation has the email", body = crate::http::error::Problem, content_type = "application/problem+json"),
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
    let invite = Invite {
        name: b.name,
        email: b.email,
        role: b.role.into(),
        password: b.password,
    };
    let user = state
        .accounts
        .invite(&auth.actor, auth.caller.role, invite)
        .await?;
    let mut res = with_etag(HttpResponse::Created(), user.version);
    res.insert_header((LOCATION, format!("/v1/users/{}", user.id)));
    Ok(res.json(UserDto::from(user)))
}
