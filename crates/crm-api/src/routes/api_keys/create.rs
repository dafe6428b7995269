//! `POST /v1/api-keys`: a new API key, its secret shown once.

use super::dto::ApiKeyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::routes::users::dto::RoleDto;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use crm_accounts::{Action, Area};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A key to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    #[schema(example = "Nightly import", min_length = 1, max_length = 200)]
    pub name: String,
    pub role: RoleDto,
    /// When the key stops working; never, if absent.
    pub expires_at: Option<DateTime<Utc>>,
}

/// The new key with its secret. Store the secret now: it is not shown again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKeyDto {
    #[serde(flatten)]
    pub key: ApiKeyDto,
    /// Send as `Authorization: Bearer <secret>`.
    #[schema(example = "crm_7Hq2LmXwT4pN9sK1vB6cR3yZ8dF5gJ0aE2uQ9w")]
    pub secret: String,
}

/// Create an API key
///
/// A key for scripts and integrations, with a role of its own. Only an owner may
/// create an owner key.
#[utoipa::path(
    operation_id = "api_keys_create",
    tag = "api_keys",
    request_body = CreateApiKeyRequest,
    responses((status = 201, description = "The key and its secret", body = CreatedApiKeyDto,
               headers(("Location" = String, description = "The key's URL")))),
    security(("bearer" = []))
)]
#[post("/api-keys")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::ApiKeys, Action::Create)?;
    let b = body.0;
    let created = state
        .accounts
        .create_api_key(
            &auth.actor,
            auth.caller.role,
            &b.name,
            b.role.into(),
            b.expires_at,
        )
        .await?;
    let location = format!("/v1/api-keys/{}", created.key.id);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, location))
        .json(CreatedApiKeyDto {
            key: created.key.into(),
            secret: created.secret,
        }))
}
