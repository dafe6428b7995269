//! `POST /v1/api-keys/{id}/transfer`: hand a key to another staff user, so it outlives
//! the one who created it.

use super::dto::ApiKeyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use serde::Deserialize;
use utoipa::ToSchema;

/// Who is to hold the key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferApiKeyRequest {
    /// An active staff user of the organisation.
    pub user_id: uuid::Uuid,
}

/// Transfer an API key
///
/// A key dies with the staff user who created it (deleted or deactivated). An owner
/// hands it to another active staff user first to keep it working; it then follows
/// that user. Owners only; a revoked key cannot be transferred (409).
#[utoipa::path(
    operation_id = "api_keys_transfer",
    tag = "api_keys",
    params(("id" = uuid::Uuid, Path, description = "The key's id")),
    request_body = TransferApiKeyRequest,
    responses(
        (status = 200, description = "The key, with its new creator", body = ApiKeyDto,
         headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The key is revoked", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api-keys/{id:[0-9a-fA-F-]+}/transfer")]
pub async fn transfer(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<TransferApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::ApiKeys, Action::Update)?;
    let key = state
        .accounts
        .transfer_api_key(&auth.actor, auth.caller.role, id.0, body.0.user_id.into())
        .await?;
    Ok(with_etag(HttpResponse::Ok(), key.version).json(ApiKeyDto::from(key)))
}
