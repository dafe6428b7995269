//! `POST /v1/webhook-endpoints/{id}/ping`: a test event to one endpoint.

use super::dto::WebhookDeliveryDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Send a test event
///
/// A `webhook_endpoint.ping` event (its `data` the endpoint) sent at once to this
/// endpoint alone, signed like any other: to check a receiver and its signature check.
/// Follow it in the delivery log. The endpoint must be enabled (422).
#[utoipa::path(
    operation_id = "webhook_endpoints_ping",
    tag = "webhook_endpoints",
    params(("id" = uuid::Uuid, Path, description = "The endpoint's id")),
    responses((status = 202, description = "The test delivery, due now", body = WebhookDeliveryDto)),
    security(("bearer" = []))
)]
#[post("/webhook-endpoints/{id:[0-9a-fA-F-]+}/ping")]
pub async fn ping(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let d = state
        .delivery
        .ping_webhook_endpoint(&auth.actor, id.0)
        .await?;
    Ok(HttpResponse::Accepted().json(WebhookDeliveryDto::from(d)))
}
