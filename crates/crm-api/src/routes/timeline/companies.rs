//! `GET /v1/companies/{id}/timeline`: everything that happened with a company.

use super::dto::{TimelinePage, TimelineParams, page_of};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::ids::CompanyId;
use crm_records::timeline::Subject;

/// A company's timeline
///
/// Everything that happened with the company, newest first: its interactions and the
/// duplicates merged into it. Each entry names the record that holds the whole fact.
#[utoipa::path(
    operation_id = "companies_timeline",
    tag = "timeline",
    params(("id" = uuid::Uuid, Path, description = "The company's id"), TimelineParams),
    responses((status = 200, description = "A page of the company's timeline", body = TimelinePage)),
    security(("bearer" = []))
)]
#[get("/companies/{id:[0-9a-fA-F-]+}/timeline")]
pub async fn company(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<TimelineParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let subject = Subject::Company(CompanyId(id.0));
    Ok(HttpResponse::Ok().json(page_of(&state, &auth, subject, &params.0).await?))
}
