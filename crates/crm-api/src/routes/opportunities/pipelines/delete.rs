//! `DELETE /v1/pipelines/{id}`: move a pipeline to the bin.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete a pipeline
///
/// The pipeline and its stages leave the lists; `POST /v1/pipelines/{id}/restore`
/// brings them back as they were. Send `If-Match` to refuse a change made meanwhile.
#[utoipa::path(
    operation_id = "pipelines_delete",
    tag = "pipelines",
    params(("id" = uuid::Uuid, Path, description = "The pipeline's id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/pipelines/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Delete)?;
    state
        .opportunities
        .delete_pipeline(&auth.actor, id.0, if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
