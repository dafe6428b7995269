//! `GET /v1/tags`: the tag catalogue, by name.

use super::{TagDto, TagPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::http::text::Bounded;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::sort::{SortField, SortKind};

const SORT: &[SortField] = &[SortField::new("name", SortKind::Text)];

crate::list_params!(
    /// Paging of the tag catalogue.
    TagListParams, sort = "^-?(name|id)$" {
        /// Only tags whose name holds this text, case-insensitive (for tag pickers).
        #[param(value_type = Option<String>, max_length = 50)]
        q: Option<Bounded<50>>,
    }
);

/// List tags
///
/// The organisation's tags, sorted by name; `q` keeps those whose name holds a text.
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
    let p = params.0;
    let page = p
        .page()
        .to_request(SORT, Some("name"), &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let q = p.q.as_ref().and_then(Bounded::non_blank);
    let tags = state.customers.tags.list(&auth.actor, q, &page).await?;
    Ok(HttpResponse::Ok().json(TagPage::from_page(tags, &auth.cursors, TagDto::from)))
}
