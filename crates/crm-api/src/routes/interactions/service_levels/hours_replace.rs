//! `PUT /v1/business-hours`: set when the organisation works.

use super::dto::{BusinessHoursDto, ReplaceBusinessHoursRequest};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::{HttpResponse, put, web};
use crm_accounts::{Action, Area};

/// Replace the business hours
///
/// Owners and admins set the zone, the working stretches of each weekday (in order,
/// not overlapping; a day left out is a day off) and the holidays. New deadlines
/// count in them; running deadlines stay. Send `If-Match` to refuse a change made
/// meanwhile (`"0"` before the first).
#[utoipa::path(
    operation_id = "business_hours_replace",
    tag = "service_levels",
    request_body = ReplaceBusinessHoursRequest,
    responses((status = 200, description = "The business hours", body = BusinessHoursDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[put("/business-hours")]
pub async fn replace(
    state: web::Data<AppState>,
    auth: Auth,
    if_match: IfMatch,
    body: JsonBody<ReplaceBusinessHoursRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let (hours, version) = state
        .interactions
        .set_business_hours(&auth.actor, body.0.into(), if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), version).json(BusinessHoursDto::new(hours, version)))
}
