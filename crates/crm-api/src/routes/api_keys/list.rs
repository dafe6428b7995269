//! `GET /v1/api-keys`: a page of API keys (prefixes only).

use super::dto::{ApiKeyDto, ApiKeyPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::catalogue::API_KEY_SORT;
use crm_accounts::{Action, Area};

crate::list_params!(
    /// Parameters of the API-key list.
    ApiKeyListParams, sort = "^-?(created_at|name|id)$" {}
);

/// List API keys
///
/// The organisation's keys, revoked ones included, showing only each secret's prefix.
/// Sortable: `created_at`, `name` (and `id`).
#[utoipa::path(
    operation_id = "api_keys_list",
    tag = "api_keys",
    params(ApiKeyListParams),
    responses((status = 200, description = "A page of keys", body = ApiKeyPage)),
    security(("bearer" = []))
)]
#[get("/api-keys")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<ApiKeyListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::ApiKeys, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(API_KEY_SORT, None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let keys = state.accounts.api_keys(&auth.actor, &page).await?;
    Ok(HttpResponse::Ok().json(ApiKeyPage::from_page(keys, &auth.cursors, ApiKeyDto::from)))
}
