//! `GET /v1/companies/{id}/people`: who works at a company.

use super::dto::{EmploymentDto, EmploymentPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::sort::{SortField, SortKind};

const SORT: &[SortField] = &[SortField::new("created_at", SortKind::Timestamp)];

crate::list_params!(
    /// Paging of a company's people.
    CompanyPeopleParams, sort = "^-?(created_at|id)$" {}
);

/// People at a company
///
/// The people linked to the company, with their titles and roles.
#[utoipa::path(
    operation_id = "companies_people_list",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The company's id"), CompanyPeopleParams),
    responses((status = 200, description = "A page of links", body = EmploymentPage)),
    security(("bearer" = []))
)]
#[get("/companies/{id:[0-9a-fA-F-]+}/people")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<CompanyPeopleParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(SORT, None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let links = state
        .customers
        .employments
        .of_company(&auth.actor, id.0.into(), &page)
        .await?;
    Ok(HttpResponse::Ok().json(EmploymentPage::from_page(
        links,
        &auth.cursors,
        EmploymentDto::from,
    )))
}
