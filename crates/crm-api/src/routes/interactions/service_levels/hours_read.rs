//! `GET /v1/business-hours`: when the organisation works.

use super::dto::BusinessHoursDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read the business hours
///
/// The zone, weekly hours and holidays SLA deadlines count in. Until an admin sets
/// them, every hour counts (UTC, around the clock) and the version is 0.
#[utoipa::path(
    operation_id = "business_hours_read",
    tag = "service_levels",
    responses((status = 200, description = "The business hours", body = BusinessHoursDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/business-hours")]
pub async fn read(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let (hours, version) = state.interactions.business_hours(&auth.actor).await?;
    Ok(with_etag(HttpResponse::Ok(), version).json(BusinessHoursDto::new(hours, version)))
}
