//! `GET /v1/opportunities/{id}/stage-moves`: every stage an opportunity entered, with
//! who moved it, when, and how long it had stayed in the stage it left.

use super::dto::{StageMoveDto, StageMovePage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_opportunities::OpportunityId;

crate::list_params!(
    /// Paging of an opportunity's stage moves (by id, which follows time).
    StageMoveListParams, sort = "^-?id$" {}
);

/// An opportunity's stage moves
///
/// Every stage the opportunity entered, oldest first: the stage it was created in
/// (`from_stage_id` null), then each move with the stage left, who moved it, when, and
/// `seconds_in_stage` spent in the stage left. Written in the transaction of the move,
/// never edited.
#[utoipa::path(
    operation_id = "opportunities_stage_moves",
    tag = "opportunities",
    params(("id" = uuid::Uuid, Path, description = "The opportunity's id"), StageMoveListParams),
    responses((status = 200, description = "A page of the opportunity's stage moves", body = StageMovePage)),
    security(("bearer" = []))
)]
#[get("/opportunities/{id:[0-9a-fA-F-]+}/stage-moves")]
pub async fn stage_moves(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<StageMoveListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(&[], None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let found = state
        .opportunities
        .stage_moves(&auth.actor, OpportunityId(id.0), &page)
        .await?;
    Ok(HttpResponse::Ok().json(StageMovePage::from_page(
        found,
        &auth.cursors,
        StageMoveDto::from,
    )))
}
