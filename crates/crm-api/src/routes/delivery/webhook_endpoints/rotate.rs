//! `POST /v1/webhook-endpoints/{id}/secret/rotate`: a new signing secret.

use super::dto::WebhookSecretDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Rotate an endpoint's signing secret
///
/// A new secret signs every delivery from now on; for 24 hours the replaced one signs
/// them too (`webhook-signature` carries both), so the receiver can switch without
/// missing one.
#[utoipa::path(
    operation_id = "webhook_endpoints_rotate_secret",
    tag = "webhook_endpoints",
    params(("id" = uuid::Uuid, Path, description = "The endpoint's id")),
    responses((status = 200, description = "The new secret and the replaced one", body = WebhookSecretDto)),
    security(("bearer" = []))
)]
#[post("/webhook-endpoints/{id:[0-9a-fA-F-]+}/secret/rotate")]
pub async fn rotate(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let s = state
        .delivery
        .rotate_webhook_secret(&auth.actor, id.0)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(WebhookSecretDto::at(s, chrono::Utc::now())))
}
