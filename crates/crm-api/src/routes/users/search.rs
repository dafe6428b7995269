//! `POST /v1/users/search`: staff users matching a filter tree.

use super::dto::{UserDto, UserPage};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::http::page::{PageParams, parse_search};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::catalogue::{USER_SORT, user_filters};
use crm_accounts::{Action, Area};
use serde::Deserialize;
use utoipa::ToSchema;

/// A search: a filter tree and the page wanted.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"filter": {"all": [{"field": "role", "op": "in", "value": ["admin", "sales"]}, {"field": "email", "op": "contains", "value": "@example.com"}]}, "limit": 50}))]
pub struct UserSearchRequest {
    /// `{"all"|"any": [nodes]}`, `{"not": node}` or `{"field", "op", "value"}`. Fields:
    /// `email`, `name`, `role`, `status`, `created_at`, `updated_at`, `last_login_at`.
    #[schema(value_type = Option<crate::http::filter::FilterNode>, example = json!({"all": [{"field": "role", "op": "in", "value": ["admin", "sales"]}, {"field": "email", "op": "contains", "value": "@example.com"}]}))]
    pub filter: Option<serde_json::Value>,
    #[schema(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,2000}$")]
    pub cursor: Option<String>,
    /// The field to sort by; `-` before it sorts descending.
    #[schema(pattern = "^-?(created_at|email|name|id)$")]
    pub sort: Option<String>,
    /// `total` adds the count of all matching items.
    #[schema(pattern = "^total$")]
    pub include: Option<String>,
}

/// Search users
///
/// Staff users matching a filter tree (`all`, `any`, `not`, typed operators per field).
#[utoipa::path(
    operation_id = "users_search",
    tag = "users",
    request_body = UserSearchRequest,
    responses((status = 200, description = "A page of matching users", body = UserPage)),
    security(("bearer" = []))
)]
#[post("/users/search")]
pub async fn search(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<UserSearchRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Read)?;
    let b = body.0;
    let page = PageParams {
        limit: b.limit,
        cursor: b.cursor,
        sort: b.sort,
        include: b.include,
    };
    let catalogue = user_filters();
    let (page, filter) = parse_search(
        b.filter.as_ref(),
        page,
        &catalogue,
        USER_SORT,
        &auth.cursors,
    )?;
    let users = state
        .accounts
        .users(&auth.actor, filter.as_ref(), &page)
        .await?;
    Ok(HttpResponse::Ok().json(UserPage::from_page(users, &auth.cursors, UserDto::from)))
}
