//! `GET /v1/forecasts`: open, weighted and won amounts per period of expected close
//! date, per currency and per owner, pipeline or stage, exact; with each owner's win
//! rate and average sales cycle.

pub mod dto;

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::QueryParams;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_opportunities::forecast::ForecastInput;
use dto::{ForecastDto, ForecastParams};

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "forecasts",
    about: "Sales forecasts: open, weighted and won amounts per period, currency and owner, pipeline or stage",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(forecast);
}

/// A sales forecast
///
/// The organisation's opportunities with an amount and an expected close date in the
/// window, per period (`month` or `quarter`), per `owner`, `pipeline` or `stage`, and
/// per currency (amounts of different currencies are never added): the open amount,
/// the open amount weighted by each stage's win probability, and the won amount, all
/// exact decimal strings summed from stored integers. `owners` gives each owner's win
/// rate and average days from creation to a win over what closed in the window.
#[utoipa::path(
    operation_id = "forecasts_read",
    tag = "forecasts",
    params(ForecastParams),
    responses(
        (status = 200, description = "The forecast", body = ForecastDto),
        (status = 422, description = "The window runs backwards (`to` before `from`) or spans more than five years; `errors` names `to`", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/forecasts")]
pub async fn forecast(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<ForecastParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    let p = params.0;
    let input = ForecastInput {
        period: p.period.into(),
        group_by: p.group_by.into(),
        from: p.from,
        to: p.to,
        pipeline_id: p.pipeline_id,
    };
    let today = chrono::Utc::now().date_naive();
    let f = state
        .opportunities
        .forecast(&auth.actor, input, today)
        .await?;
    Ok(HttpResponse::Ok().json(ForecastDto::from(f)))
}
