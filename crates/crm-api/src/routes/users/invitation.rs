//! `POST /v1/users/{id}/invitation`: email an invited user a new invitation link.

use super::create::refused;
use super::dto::UserDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::middleware::email_budget::EmailBudget;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_core::ids::UserId;

/// Send a new invitation
///
/// Emails an `invited` user a new single-use link valid for 7 days; the links sent
/// before stop working. A user who accepted already is a 409: they can reset their
/// password instead. Account emails are limited to 3 an hour per address and 100 an
/// hour per organisation (429).
#[utoipa::path(
    operation_id = "users_reinvite",
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "The user's id")),
    responses(
        (status = 202, description = "The invitation is queued for sending", body = UserDto),
        (status = 409, description = "The user accepted their invitation already", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many account emails to this address or from this organisation in the hour; Retry-After says when", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id:[0-9a-fA-F-]+}/invitation")]
pub async fn reinvite(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Create)?;
    let budget = EmailBudget(&state.limiter);
    let user = state
        .accounts
        .reinvite(&auth.actor, UserId(id.0), &budget)
        .await
        .map_err(refused)?;
    Ok(HttpResponse::Accepted().json(UserDto::from(user)))
}
