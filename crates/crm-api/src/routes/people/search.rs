//! `POST /v1/people/search`: people matching a filter tree.

use super::dto::{PersonDto, PersonPage};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::http::page::{PageParams, parse_search};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::catalogue::{
    PERSON_SORT, person_filters, sort_with_custom_fields, with_custom_fields,
};
use serde::Deserialize;
use utoipa::ToSchema;

/// A search: a filter tree and the page wanted.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonSearchRequest {
    /// `{"all"|"any": [nodes]}`, `{"not": node}` or `{"field", "op", "value"}`. Fields:
    /// `first_name`, `last_name`, `email`, `phone`, `tags`, `consent`, `lifecycle_stage`,
    /// `owner_id`, `company_id`, `source_channel`, `external_id`, `language`, `birthday`,
    /// `created_at`, `updated_at`. `email`, `phone`, `tags` and `consent` hold several
    /// values: `contains`, `in`, `not_in`, `is_null`. `company_id` matches any company the
    /// person works at (`neq`: none of them; `is_null`: no company).
    /// `address.city`, `address.region`, `address.postal_code` and `address.country`
    /// match when one of the person's addresses does (case-insensitive), like `tags`.
    /// Custom fields are `custom_fields.<key>`, typed by their definition.
    #[schema(value_type = Option<Object>, example = json!({"all": [{"field": "lifecycle_stage", "op": "eq", "value": "customer"}, {"field": "tags", "op": "contains", "value": "vip"}]}))]
    pub filter: Option<serde_json::Value>,
    #[schema(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,2000}$")]
    pub cursor: Option<String>,
    #[schema(pattern = "^-?(created_at|updated_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})$")]
    pub sort: Option<String>,
    #[schema(pattern = "^total$")]
    pub include: Option<String>,
}

/// Search people
///
/// People matching a filter tree over every field.
#[utoipa::path(
    operation_id = "people_search",
    tag = "people",
    request_body = PersonSearchRequest,
    responses((status = 200, description = "A page of matching people", body = PersonPage)),
    security(("bearer" = []))
)]
#[post("/people/search")]
pub async fn search(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<PersonSearchRequest>,
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
        .list(&auth.actor, crm_customers::custom_field::PERSON)
        .await?;
    let catalogue = with_custom_fields(person_filters(), &defs);
    let (page, filter) = parse_search(
        b.filter.as_ref(),
        page,
        &catalogue,
        &sort_with_custom_fields(PERSON_SORT, &defs),
    )?;
    let people = state
        .customers
        .people
        .list(&auth.actor, filter.as_ref(), None, &page)
        .await?;
    Ok(HttpResponse::Ok().json(PersonPage::from_page(people, PersonDto::from)))
}
