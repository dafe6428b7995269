//! `GET /v1/tags`: the tag catalogue, by name.

use super::{TagDto, TagPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::sort::{SortField, SortKind};

const SORT: &[SortField] = &[SortField::new("name", SortKind::Text)];

crate::list_params!(
    /// Paging of the tag catalogue.
    TagListParams, sort = "^-?(name|id)$" {}
);

/// List tags
///
/// The organisation's tags, sorted by name.
#[utoipa::path(
    operation_id = "tags_list",
    tag = "tags",
    params(TagListParams),
    responses((status = 200, description = "A page of tags", body = TagPage)),
    security(("bearer" = []))
)]
#[get("/tags")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<TagListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(SORT, Some("name"))
        .map_err(ApiError::invalid_parameters)?;
    let tags = state.customers.tags.list(&auth.actor, &page).await?;
    Ok(HttpResponse::Ok().json(TagPage::from_page(tags, TagDto::from)))
}
