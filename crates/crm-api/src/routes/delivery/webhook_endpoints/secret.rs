//! `GET /v1/webhook-endpoints/{id}/secret`: the secrets that sign an endpoint's deliveries.

use super::dto::WebhookSecretDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read an endpoint's signing secret
///
/// The current secret, and the one the last rotation replaced while it still signs.
/// Keep it on the receiving side only.
#[utoipa::path(
    operation_id = "webhook_endpoints_secret",
    tag = "webhook_endpoints",
    params(("id" = uuid::Uuid, Path, description = "The endpoint's id")),
    responses((status = 200, description = "The secrets", body = WebhookSecretDto)),
    security(("bearer" = []))
)]
#[get("/webhook-endpoints/{id:[0-9a-fA-F-]+}/secret")]
pub async fn secret(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let s = state.delivery.webhook_secrets(&auth.actor, id.0).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(WebhookSecretDto::at(s, chrono::Utc::now())))
}
