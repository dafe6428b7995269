//! `POST /v1/sla-policies/{id}/restore`: take a deleted policy out of the bin.

use super::dto::SlaPolicyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Restore an SLA policy
///
/// Undoes a delete: new cases match the policy again.
#[utoipa::path(
    operation_id = "sla_policies_restore",
    tag = "service_levels",
    params(("id" = uuid::Uuid, Path, description = "The policy's id")),
    responses((status = 200, description = "The restored policy", body = SlaPolicyDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/sla-policies/{id:[0-9a-fA-F-]+}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let p = state
        .interactions
        .restore_sla_policy(&auth.actor, id.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(SlaPolicyDto::from(p)))
}
