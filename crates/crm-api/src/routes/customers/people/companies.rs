//! A person's companies: `GET`, `POST /v1/people/{id}/companies` and
//! `DELETE /v1/people/{id}/companies/{company_id}`.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId, path_uuid};
use crate::routes::customers::companies::dto::EmploymentDto;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use crm_accounts::{Action, Area};
use crm_core::error::Errors;
use crm_customers::person::text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The companies a person works at.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmploymentList {
    pub data: Vec<EmploymentDto>,
}

/// A company to link a person to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkCompanyRequest {
    pub company_id: Uuid,
    #[schema(example = "Chief Engineer", max_length = 200)]
    pub title: Option<String>,
    /// The person's part in buying: `decision_maker`, `champion`, `user`…
    #[schema(example = "decision_maker", max_length = 100)]
    pub role: Option<String>,
}

/// A person's companies
///
/// The companies the person works at, with titles and roles.
#[utoipa::path(
    operation_id = "people_companies_list",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The person's companies", body = EmploymentList)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/companies")]
pub async fn list(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let links = state
        .customers
        .employments
        .of_person(&auth.actor, id.0.into())
        .await?;
    Ok(HttpResponse::Ok().json(EmploymentList {
        data: links.into_iter().map(Into::into).collect(),
    }))
}

/// Link a company
///
/// Records that the person works at a company; a person may work at several.
#[utoipa::path(
    operation_id = "people_companies_link",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = LinkCompanyRequest,
    responses(
        (status = 201, description = "The link", body = EmploymentDto, headers(("Location" = String, description = "The link's URL"))),
        (status = 409, description = "Already linked", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/people/{id:[0-9a-fA-F-]+}/companies")]
pub async fn link(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<LinkCompanyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let b = body.0;
    let mut e = Errors::new();
    let title = text(&mut e, "title", b.title, 200);
    let role = text(&mut e, "role", b.role, 100);
    e.finish(())?;
    let link = state
        .customers
        .employments
        .link(&auth.actor, id.0.into(), b.company_id.into(), title, role)
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            LOCATION,
            format!(
                "/v1/people/{}/companies/{}",
                link.person_id, link.company_id
            ),
        ))
        .json(EmploymentDto::from(link)))
}

/// Unlink a company
///
/// The person no longer works at the company; neither record is touched.
#[utoipa::path(
    operation_id = "people_companies_unlink",
    tag = "people",
    params(
        ("id" = uuid::Uuid, Path, description = "The person's id"),
        ("company_id" = uuid::Uuid, Path, description = "The company's id"),
    ),
    responses((status = 204, description = "Unlinked")),
    security(("bearer" = []))
)]
#[delete("/people/{id:[0-9a-fA-F-]+}/companies/{company_id:[0-9a-fA-F-]+}")]
pub async fn unlink(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let company = path_uuid(&req, "company_id")?;
    state
        .customers
        .employments
        .unlink(&auth.actor, id.0.into(), company.into())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
