//! `POST /v1/orders/{id}/refunds`: give back part or all of a paid order.

use super::dto::OrderDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::http::money::AmountDto;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_opportunities::order::OrderId;
use serde::Deserialize;
use utoipa::ToSchema;

/// A refund: how much, and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": {"amount": "25.00", "currency": "EUR"}, "reason": "One seat returned"}))]
pub struct RefundRequest {
    /// More than zero, in the order's currency, at most what is left to refund.
    pub amount: AmountDto,
    /// Why it was given back.
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// Refund an order
///
/// Gives back part or all of a `paid` or `fulfilled` order: the refund is recorded with
/// who, when and why, `refunded` grows by it, and the order becomes `refunded` when
/// nothing paid is left. More than is left is a 422 (`exceeds_paid`); so is a refund
/// of an order not paid. Send `If-Match` to refuse a change made meanwhile.
#[utoipa::path(
    operation_id = "orders_refund",
    tag = "orders",
    params(("id" = uuid::Uuid, Path, description = "The order's id")),
    request_body = RefundRequest,
    responses((status = 200, description = "The order with the refund", body = OrderDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/orders/{id:[0-9a-fA-F-]+}/refunds")]
pub async fn refund(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<RefundRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Update)?;
    let b = body.0;
    let order = state
        .opportunities
        .refund_order(
            &auth.actor,
            OrderId(id.0),
            b.amount.into(),
            b.reason,
            if_match.0,
        )
        .await?;
    Ok(with_etag(HttpResponse::Ok(), order.version).json(OrderDto::from(order)))
}
