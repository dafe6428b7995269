//! `GET /v1/pipelines`: every pipeline of the organisation.

use super::dto::{PipelineDto, PipelinePage};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::page::Page;

/// List pipelines
///
/// Every live pipeline with its stages, oldest first, in one page (an organisation has
/// at most 100).
#[utoipa::path(
    operation_id = "pipelines_list",
    tag = "pipelines",
    responses((status = 200, description = "The pipelines", body = PipelinePage)),
    security(("bearer" = []))
)]
#[get("/pipelines")]
pub async fn list(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    let items = state.opportunities.pipelines(&auth.actor).await?;
    let page = Page {
        items,
        next_cursor: None,
        total: None,
    };
    Ok(HttpResponse::Ok().json(PipelinePage::from_page(
        page,
        &auth.cursors,
        PipelineDto::from,
    )))
}
