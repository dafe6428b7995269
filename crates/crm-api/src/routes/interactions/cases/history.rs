//! `GET /v1/cases/{id}/history`: every status move, assignment and comment of a case.

use super::dto::{HistoryEntryDto, HistoryPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_interactions::case::CaseId;

crate::list_params!(
    /// Paging of a case's history (by id, which follows time).
    HistoryListParams, sort = "^-?id$" {}
);

/// A case's history
///
/// What happened to the case, oldest first: its opening, every status move, assignee,
/// team, priority and category change (from and to), and every comment, each with who
/// did it and when. Written in the transaction of the change, never edited.
#[utoipa::path(
    operation_id = "cases_history",
    tag = "cases",
    params(("id" = uuid::Uuid, Path, description = "The case's id"), HistoryListParams),
    responses((status = 200, description = "A page of the case's history", body = HistoryPage)),
    security(("bearer" = []))
)]
#[get("/cases/{id:[0-9a-fA-F-]+}/history")]
pub async fn history(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<HistoryListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(&[], None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let found = state
        .interactions
        .case_history(&auth.actor, CaseId(id.0), &page)
        .await?;
    Ok(HttpResponse::Ok().json(HistoryPage::from_page(
        found,
        &auth.cursors,
        HistoryEntryDto::from,
    )))
}
