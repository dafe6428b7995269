//! `PATCH /v1/users/{id}`: change a staff user's name, role or status.

use super::dto::{RoleDto, UserDto, UserStatusDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::http::patch::Patch;
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::model::UserPatch;
use crm_accounts::{Action, Area, Role};
use crm_core::error::Errors;
use serde::Deserialize;
use utoipa::ToSchema;

/// A merge-patch of a user: absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = RoleDto, required = false)]
    pub role: Patch<RoleDto>,
    #[serde(default)]
    #[schema(value_type = UserStatusDto, required = false)]
    pub status: Patch<UserStatusDto>,
}

/// Update a user
///
/// Changes a user's name, role or status (deactivating ends the user's sessions).
/// Send `If-Match` with the ETag to refuse a change made meanwhile by someone else.
#[utoipa::path(
    operation_id = "users_update",
    tag = "users",
    params(("id" = uuid::Uuid, Path, description = "The user's id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "The updated user", body = UserDto,
         headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The change would leave no active owner", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    extensions(("x-round-trip" = json!(true))),
    security(("bearer" = []))
)]
#[patch("/users/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Update)?;
    let (b, if_version) = crate::http::echo::patch_body::<UpdateUserRequest, UserDto, _>(
        body.0,
        if_match.0,
        || async {
            Ok(UserDto::from(
                state.accounts.user(&auth.actor, id.0.into()).await?,
            ))
        },
    )
    .await?;
    let mut errors = Errors::new();
    let name = b
        .name
        .required("name", &mut errors)
        .map(|n| n.trim().to_string());
    if name
        .as_ref()
        .is_some_and(|n| n.is_empty() || n.chars().count() > 200)
    {
        errors.push("name", "invalid_length", "must be 1 to 200 characters");
    }
    let role = b.role.required("role", &mut errors).map(Role::from);
    if role == Some(Role::Owner) && auth.caller.role != Role::Owner {
        errors.push(
            "role",
            "forbidden_role",
            "only an owner may make another owner",
        );
    }
    let status = b.status.required("status", &mut errors).map(Into::into);
    let patch = errors.finish(UserPatch { name, role, status })?;
    let user = state
        .accounts
        .update_user(
            &auth.actor,
            auth.caller.role,
            id.0.into(),
            patch,
            if_version,
        )
        .await?;
    Ok(with_etag(HttpResponse::Ok(), user.version).json(UserDto::from(user)))
}
