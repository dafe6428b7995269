//! `POST /v1/opportunities/{id}/convert`: a won opportunity becomes an order.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::{JsonBody, PathId};
use crate::routes::opportunities::orders::dto::{OrderDto, OrderStatusDto};
use crate::routes::opportunities::orders::input::LineRequest;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use crm_accounts::{Action, Area};
use crm_opportunities::OpportunityId;
use crm_opportunities::order::Conversion;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What the order made from the opportunity is; every field is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "paid", "channel": "sales"}))]
pub struct ConvertOpportunityRequest {
    /// `pending` when absent (`paid`, `fulfilled` for a sale already settled).
    pub status: Option<OrderStatusDto>,
    /// The day it was placed (today, UTC, when absent).
    pub order_date: Option<NaiveDate>,
    #[schema(max_length = 50)]
    pub channel: Option<String>,
    /// The offer or campaign code given with it.
    #[schema(max_length = 100)]
    pub code: Option<String>,
    /// A price list to take the lines' prices from.
    pub price_list_id: Option<Uuid>,
    /// The order's lines; one line of the opportunity's name at its amount when absent.
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Option<Vec<LineRequest>>,
    /// The order's currency; the opportunity amount's when absent.
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
    /// Anything the team should know about the order.
    #[schema(max_length = 10000)]
    pub notes: Option<String>,
    /// The id another system knows the order by, unique in the organisation.
    #[schema(max_length = 255)]
    pub external_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
}

/// Convert a won opportunity into an order
///
/// In one transaction: the order is the opportunity's person's and company's, names the
/// opportunity (`opportunity_id`), and is priced like any order, by default as one line
/// of the opportunity's name at its amount. Only a won opportunity converts (422
/// `not_won`), once (409 naming the order it became).
#[utoipa::path(
    operation_id = "opportunities_convert",
    tag = "opportunities",
    params(("id" = uuid::Uuid, Path, description = "The opportunity's id")),
    request_body = ConvertOpportunityRequest,
    responses((status = 201, description = "The order it became", body = OrderDto,
               headers(("Location" = String, description = "Where the order is read"), ("ETag" = String, description = "The order's version"))),
              (status = 409, description = "The opportunity was converted already", body = crate::http::error::Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/opportunities/{id:[0-9a-fA-F-]+}/convert")]
pub async fn convert(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<ConvertOpportunityRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Create)?;
    let b = body.0;
    let conversion = Conversion {
        status: b.status.map(Into::into),
        order_date: b.order_date,
        channel: b.channel,
        code: b.code,
        price_list_id: b.price_list_id,
        lines: b.lines.map(|l| l.into_iter().map(Into::into).collect()),
        currency: b.currency,
        notes: b.notes,
        external_id: b.external_id,
        tags: b.tags,
    };
    let order = state
        .opportunities
        .convert(&auth.actor, OpportunityId(id.0), conversion)
        .await?;
    let mut res = with_etag(HttpResponse::Created(), order.version);
    res.insert_header((LOCATION, format!("/v1/orders/{}", order.id)));
    Ok(res.json(OrderDto::from(order)))
}
