//! `POST /v1/companies/search`: companies matching a filter tree.

use super::dto::{CompanyDto, CompanyPage};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::http::page::{PageParams, parse_search};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::catalogue::{
    COMPANY_SORT, company_filters, sort_with_custom_fields, with_custom_fields,
};
use serde::Deserialize;
use utoipa::ToSchema;

/// A search: a filter tree and the page wanted.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanySearchRequest {
    /// Fields: `name`, `domain`, `industry`, `size`, `owner_id`, `external_id`, `tags`,
    /// `created_at`, `updated_at`, `address.city|region|postal_code|country` (matching
    /// when one of the addresses does, case-insensitive, like `tags`), and
    /// `custom_fields.<key>`.
    #[schema(value_type = Option<Object>, example = json!({"all": [{"field": "size", "op": "in", "value": ["large", "enterprise"]}, {"field": "tags", "op": "contains", "value": "key-account"}]}))]
    pub filter: Option<serde_json::Value>,
    #[schema(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,2000}$")]
    pub cursor: Option<String>,
    #[schema(pattern = "^-?(created_at|updated_at|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})$")]
    pub sort: Option<String>,
    #[schema(pattern = "^total$")]
    pub include: Option<String>,
}

/// Search companies
///
/// Companies matching a filter tree over every field.
#[utoipa::path(
    operation_id = "companies_search",
    tag = "companies",
    request_body = CompanySearchRequest,
    responses((status = 200, description = "A page of matching companies", body = CompanyPage)),
    security(("bearer" = []))
)]
#[post("/companies/search")]
pub async fn search(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CompanySearchRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let b = body.0;
    let page = PageParams {
        limit: b.limit,
        cursor: b.cursor,
        sort: b.sort,
        include: b.include,
    };
    let defs = state
        .customers
        .custom_fields
        .list(&auth.actor, crm_customers::custom_field::COMPANY)
        .await?;
    let catalogue = with_custom_fields(company_filters(), &defs);
    let (page, filter) = parse_search(
        b.filter.as_ref(),
        page,
        &catalogue,
        &sort_with_custom_fields(COMPANY_SORT, &defs),
    )?;
    let companies = state
        .customers
        .companies
        .list(&auth.actor, filter.as_ref(), None, &page)
        .await?;
    Ok(HttpResponse::Ok().json(CompanyPage::from_page(companies, CompanyDto::from)))
}
