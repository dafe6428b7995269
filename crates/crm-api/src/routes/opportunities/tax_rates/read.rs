//! `GET /v1/tax-rates`: the percentage each tax category is taxed at.

use super::dto::TaxRatesDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read the tax rates
///
/// The rate of each tax category products name, which orders copy onto their lines.
/// Until an admin sets them there are none and the version is 0.
#[utoipa::path(
    operation_id = "tax_rates_read",
    tag = "tax_rates",
    responses((status = 200, description = "The tax rates", body = TaxRatesDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/tax-rates")]
pub async fn read(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    let (rates, version) = state.opportunities.tax_rates(&auth.actor).await?;
    Ok(with_etag(HttpResponse::Ok(), version).json(TaxRatesDto::new(rates, version)))
}
