//! `DELETE /v1/sla-policies/{id}`: retire a policy.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete an SLA policy
///
/// New cases no longer match it; the cases worked to it keep their deadlines until
/// they are re-prioritised or re-categorised. `POST /v1/sla-policies/{id}/restore`
/// brings it back.
#[utoipa::path(
    operation_id = "sla_policies_delete",
    tag = "service_levels",
    params(("id" = uuid::Uuid, Path, description = "The policy's id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/sla-policies/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Delete)?;
    state
        .interactions
        .delete_sla_policy(&auth.actor, id.0, if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
