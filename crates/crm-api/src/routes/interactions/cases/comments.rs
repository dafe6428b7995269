//! `GET /v1/cases/{id}/comments`: a case's conversation, oldest first.

use super::dto::{CommentDto, CommentPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_interactions::case::CaseId;

crate::list_params!(
    /// Paging of a case's comments (by id, which follows time).
    CommentListParams, sort = "^-?id$" {}
);

/// List a case's comments
///
/// The case's comments, public and internal, oldest first.
#[utoipa::path(
    operation_id = "cases_comments",
    tag = "cases",
    params(("id" = uuid::Uuid, Path, description = "The case's id"), CommentListParams),
    responses((status = 200, description = "A page of comments", body = CommentPage)),
    security(("bearer" = []))
)]
#[get("/cases/{id:[0-9a-fA-F-]+}/comments")]
pub async fn comments(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<CommentListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(&[], None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let found = state
        .interactions
        .case_comments(&auth.actor, CaseId(id.0), &page)
        .await?;
    Ok(HttpResponse::Ok().json(CommentPage::from_page(
        found,
        &auth.cursors,
        CommentDto::from,
    )))
}
