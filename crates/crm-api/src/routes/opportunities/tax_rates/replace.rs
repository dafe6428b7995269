//! `PUT /v1/tax-rates`: replace the organisation's tax rates.

use super::dto::{ReplaceTaxRatesRequest, TaxRatesDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::{HttpResponse, put, web};
use crm_accounts::{Action, Area};

/// Replace the tax rates
///
/// Owners and admins set the whole table: each category once (without regard to case),
/// each rate an exact percentage from 0 to 100. Orders made before keep the rates
/// they copied. Send `If-Match` to refuse a change made meanwhile (`"0"` before the
/// first).
#[utoipa::path(
    operation_id = "tax_rates_replace",
    tag = "tax_rates",
    request_body = ReplaceTaxRatesRequest,
    responses((status = 200, description = "The tax rates", body = TaxRatesDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[put("/tax-rates")]
pub async fn replace(
    state: web::Data<AppState>,
    auth: Auth,
    if_match: IfMatch,
    body: JsonBody<ReplaceTaxRatesRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let rates = body.0.rates.into_iter().map(Into::into).collect();
    let (rates, version) = state
        .opportunities
        .set_tax_rates(&auth.actor, rates, if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), version).json(TaxRatesDto::new(rates, version)))
}
