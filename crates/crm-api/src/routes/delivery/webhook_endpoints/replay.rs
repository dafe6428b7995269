//! `POST /v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay`: send one again.

use super::dto::WebhookDeliveryDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::path_uuid;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Replay a delivery
///
/// Sends the delivery's event again at once, as a new delivery with a schedule of its
/// own (the `webhook-id` stays the event's). The endpoint must be enabled (422).
#[utoipa::path(
    operation_id = "webhook_endpoints_replay",
    tag = "webhook_endpoints",
    params(
        ("id" = uuid::Uuid, Path, description = "The endpoint's id"),
        ("delivery_id" = uuid::Uuid, Path, description = "The delivery to send again"),
    ),
    responses((status = 201, description = "The new delivery, due now", body = WebhookDeliveryDto)),
    security(("bearer" = []))
)]
#[post("/webhook-endpoints/{id:[0-9a-fA-F-]+}/deliveries/{delivery_id:[0-9a-fA-F-]+}/replay")]
pub async fn replay(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let (endpoint, id) = (path_uuid(&req, "id")?, path_uuid(&req, "delivery_id")?);
    let d = state
        .delivery
        .replay_webhook_delivery(&auth.actor, endpoint, id)
        .await?;
    Ok(HttpResponse::Created().json(WebhookDeliveryDto::from(d)))
}
