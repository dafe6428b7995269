//! `PATCH /v1/pipelines/{id}`: rename a pipeline, or add, reorder, rename, re-weight or
//! retire its stages.

use super::dto::{PipelineDto, UpdatePipelineRequest};
use crate::auth::Auth;
use crate::http::echo;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::{Action, Area};

/// Update a pipeline
///
/// A merge-patch; send `If-Match` to refuse a change made meanwhile. `stages`, when
/// sent, is the whole list in its new order: every stored stage by its id (set
/// `retired` rather than leave one out, so opportunities keep their history) and new
/// ones without an id. A pipeline as read is accepted back whole.
#[utoipa::path(
    operation_id = "pipelines_update",
    tag = "pipelines",
    params(("id" = uuid::Uuid, Path, description = "The pipeline's id")),
    request_body = UpdatePipelineRequest,
    responses((status = 200, description = "The updated pipeline", body = PipelineDto,
               headers(("ETag" = String, description = "The new version")))),
    extensions(("x-round-trip" = json!(true))),
    security(("bearer" = []))
)]
#[patch("/pipelines/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let pipelines = &state.opportunities;
    let (request, if_version) =
        echo::patch_body::<UpdatePipelineRequest, PipelineDto, _>(body.0, if_match.0, || async {
            Ok(PipelineDto::from(
                pipelines.pipeline(&auth.actor, id.0).await?,
            ))
        })
        .await?;
    let p = pipelines
        .update_pipeline(&auth.actor, id.0, request.into(), if_version)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(PipelineDto::from(p)))
}
