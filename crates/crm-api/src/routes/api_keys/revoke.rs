//! `POST /v1/api-keys/{id}/revoke`: stop a key working, for good.

use super::dto::ApiKeyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Revoke an API key
///
/// The key stops working at once and cannot be restored. Revoking a revoked key
/// changes nothing.
#[utoipa::path(
    operation_id = "api_keys_revoke",
    tag = "api_keys",
    params(("id" = uuid::Uuid, Path, description = "The key's id")),
    responses((status = 200, description = "The revoked key", body = ApiKeyDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/api-keys/{id:[0-9a-fA-F-]+}/revoke")]
pub async fn revoke(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::ApiKeys, Action::Delete)?;
    let key = state.accounts.revoke_api_key(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), key.version).json(ApiKeyDto::from(key)))
}
