//! `GET /v1/me`: who the caller is.

use super::OrganisationDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::routes::users::dto::{RoleDto, UserDto};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_core::Principal;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The caller: a user or an API key, its role and organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    /// `user` or `api_key`.
    #[schema(example = "user")]
    pub kind: String,
    pub id: Uuid,
    pub role: RoleDto,
    pub organisation: OrganisationDto,
    /// The user, when the caller signed in as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserDto>,
}

/// Who am I
///
/// The authenticated caller with its role and organisation.
#[utoipa::path(
    operation_id = "me_read",
    tag = "auth",
    responses((status = 200, description = "The caller", body = MeResponse)),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    let org = state.accounts.organisation(&auth.actor).await?;
    let user = match auth.caller.principal {
        Principal::User(id) => Some(state.accounts.user(&auth.actor, id).await?.into()),
        _ => None,
    };
    Ok(HttpResponse::Ok().json(MeResponse {
        kind: auth.caller.principal.kind().into(),
        id: auth.caller.principal.id().unwrap_or_default(),
        role: auth.caller.role.into(),
        organisation: org.into(),
        user,
    }))
}
