//! `GET /v1/pipelines/{id}`: one pipeline with its stages.

use super::dto::PipelineDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a pipeline
///
/// One pipeline, its stages in order (retired ones included), and its `ETag`.
#[utoipa::path(
    operation_id = "pipelines_read",
    tag = "pipelines",
    params(("id" = uuid::Uuid, Path, description = "The pipeline's id")),
    responses((status = 200, description = "The pipeline", body = PipelineDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/pipelines/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    let p = state.opportunities.pipeline(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(PipelineDto::from(p)))
}
