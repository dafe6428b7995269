//! `GET /v1/api-keys/{id}`: one API key.

use super::dto::ApiKeyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read an API key
///
/// One key of the organisation, with its prefix but never its secret.
#[utoipa::path(
    operation_id = "api_keys_read",
    tag = "api_keys",
    params(("id" = uuid::Uuid, Path, description = "The key's id")),
    responses((status = 200, description = "The key", body = ApiKeyDto,
               headers(("ETag" = String, description = "The version")))),
    security(("bearer" = []))
)]
#[get("/api-keys/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::ApiKeys, Action::Read)?;
    let key = state.accounts.api_key(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), key.version).json(ApiKeyDto::from(key)))
}
