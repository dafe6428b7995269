//! `GET /v1/sla-policies/{id}`: one SLA policy.

use super::dto::SlaPolicyDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read an SLA policy
///
/// One policy and its `ETag`.
#[utoipa::path(
    operation_id = "sla_policies_read",
    tag = "service_levels",
    params(("id" = uuid::Uuid, Path, description = "The policy's id")),
    responses((status = 200, description = "The policy", body = SlaPolicyDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/sla-policies/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let p = state.interactions.sla_policy(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(SlaPolicyDto::from(p)))
}
