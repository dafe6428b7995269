//! `POST /v1/pipelines/{id}/restore`: take a deleted pipeline out of the bin.

use super::dto::PipelineDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Restore a pipeline
///
/// Undoes a delete: the pipeline and its stages are listed again.
#[utoipa::path(
    operation_id = "pipelines_restore",
    tag = "pipelines",
    params(("id" = uuid::Uuid, Path, description = "The pipeline's id")),
    responses((status = 200, description = "The restored pipeline", body = PipelineDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/pipelines/{id:[0-9a-fA-F-]+}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let p = state
        .opportunities
        .restore_pipeline(&auth.actor, id.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(PipelineDto::from(p)))
}
