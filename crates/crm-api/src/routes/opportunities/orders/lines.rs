//! `PUT /v1/orders/{id}/lines`: replace a pending order's lines (and currency), priced
//! again as a new order would be.

use super::dto::OrderDto;
use super::input::LineRequest;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, put, web};
use crm_accounts::{Action, Area};
use crm_opportunities::order::{OrderId, OrderPatchInput};
use serde::Deserialize;
use utoipa::ToSchema;

/// An order's new lines, and its currency if that changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lines": [{"description": "Consulting, days", "quantity": "2.5", "unit_price": {"amount": "800.00", "currency": "EUR"}, "discount_percent": "10", "tax_category": "standard"}]}))]
pub struct ReplaceOrderLinesRequest {
    /// The order's currency from now on; unchanged when absent.
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
    /// Every line of the order, replacing the ones it has: 1 to 500.
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Vec<LineRequest>,
}

/// Replace a pending order's lines
///
/// Prices the lines as a new order's (the price list named on the order, else the
/// lowest applicable one, else the products' prices; the tax rates as they are now)
/// and computes the totals again. Only a pending order changes its lines (422 `locked`
/// otherwise). Send `If-Match` to refuse a change made meanwhile.
#[utoipa::path(
    operation_id = "orders_replace_lines",
    tag = "orders",
    params(("id" = uuid::Uuid, Path, description = "The order's id")),
    request_body = ReplaceOrderLinesRequest,
    responses((status = 200, description = "The order, priced again", body = OrderDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[put("/orders/{id:[0-9a-fA-F-]+}/lines")]
pub async fn replace_lines(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<ReplaceOrderLinesRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Update)?;
    let b = body.0;
    let patch = OrderPatchInput {
        currency: b.currency.map(Some),
        lines: Some(Some(b.lines.into_iter().map(Into::into).collect())),
        ..OrderPatchInput::default()
    };
    let order = state
        .opportunities
        .orders
        .update(&auth.actor, OrderId(id.0), patch, if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), order.version).json(OrderDto::from(order)))
}
