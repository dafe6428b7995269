//! `DELETE /v1/tags/{id}`: remove a tag from the catalogue and from everyone.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete a tag
///
/// Removes the tag from the catalogue and from every person and company that carries
/// it. This cannot be undone.
#[utoipa::path(
    operation_id = "tags_delete",
    tag = "tags",
    params(("id" = uuid::Uuid, Path, description = "The tag's id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/tags/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    state
        .customers
        .tags
        .delete(&auth.actor, id.0, if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
