//! `GET /v1/webhook-endpoints/{id}/deliveries/{delivery_id}`: one delivery.

use super::dto::WebhookDeliveryDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::path_uuid;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a delivery
///
/// One delivery of the endpoint's log, with its attempts and last answer.
#[utoipa::path(
    operation_id = "webhook_endpoints_delivery",
    tag = "webhook_endpoints",
    params(
        ("id" = uuid::Uuid, Path, description = "The endpoint's id"),
        ("delivery_id" = uuid::Uuid, Path, description = "The delivery's id"),
    ),
    responses((status = 200, description = "The delivery", body = WebhookDeliveryDto)),
    security(("bearer" = []))
)]
#[get("/webhook-endpoints/{id:[0-9a-fA-F-]+}/deliveries/{delivery_id:[0-9a-fA-F-]+}")]
pub async fn read(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Read)?;
    let (endpoint, id) = (path_uuid(&req, "id")?, path_uuid(&req, "delivery_id")?);
    let d = state
        .delivery
        .webhook_delivery(&auth.actor, endpoint, id)
        .await?;
    Ok(HttpResponse::Ok().json(WebhookDeliveryDto::from(d)))
}
