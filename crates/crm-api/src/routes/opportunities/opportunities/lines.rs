//! `PUT /v1/opportunities/{id}/lines`: replace (or drop) the products an opportunity
//! proposes, priced as an order's lines; the opportunity is worth their net total.

use super::dto::OpportunityDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::routes::opportunities::orders::input::LineRequest;
use crate::state::AppState;
use actix_web::{HttpResponse, put, web};
use crm_accounts::{Action, Area};
use crm_opportunities::OpportunityId;
use crm_opportunities::opportunity::OpportunityPatchInput;
use serde::Deserialize;
use utoipa::ToSchema;

/// An opportunity's proposed lines, all of them, in one currency; none (`[]`) to keep
/// only its amount.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"currency": "EUR", "lines": [{"product_id": "01938f4e-9b5c-7d4e-8f30-1a2b3c4d5e6f", "quantity": "40", "discount_percent": "5"}]}))]
pub struct ReplaceOpportunityLinesRequest {
    /// The currency of the lines (required unless `lines` is empty).
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
    /// Every line proposed, replacing the ones it has: at most 500; `[]` for none.
    #[schema(max_items = 500)]
    pub lines: Vec<LineRequest>,
}

/// Replace an opportunity's lines
///
/// Prices the lines as an order's would be today (the lowest applicable price list, else
/// the products' prices; tax rates as they are now) and sets the opportunity's `amount`
/// to their net total, before tax. `lines: []` drops them and keeps the amount. A
/// conversion (`POST /v1/opportunities/{id}/convert`) sells them at the prices quoted.
/// Send `If-Match` to refuse a change made meanwhile.
#[utoipa::path(
    operation_id = "opportunities_replace_lines",
    tag = "opportunities",
    params(("id" = uuid::Uuid, Path, description = "The opportunity's id")),
    request_body = ReplaceOpportunityLinesRequest,
    responses((status = 200, description = "The opportunity with its lines", body = OpportunityDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[put("/opportunities/{id:[0-9a-fA-F-]+}/lines")]
pub async fn replace_lines(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<ReplaceOpportunityLinesRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Update)?;
    let b = body.0;
    let lines = if b.lines.is_empty() {
        Some(None)
    } else {
        Some(Some(b.lines.into_iter().map(Into::into).collect()))
    };
    let patch = OpportunityPatchInput {
        currency: b.currency,
        lines,
        ..OpportunityPatchInput::default()
    };
    let o = state
        .opportunities
        .opportunities
        .update(&auth.actor, OpportunityId(id.0), patch, if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), o.version).json(OpportunityDto::from(o)))
}
