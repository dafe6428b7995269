//! `PATCH /v1/sla-policies/{id}`: change a policy's targets or what it matches.

use super::dto::{SlaPolicyDto, UpdateSlaPolicyRequest};
use crate::auth::Auth;
use crate::http::echo;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::{Action, Area};

/// Update an SLA policy
///
/// A merge-patch; send `If-Match` to refuse a change made meanwhile. The new targets
/// apply to the cases opened, re-prioritised or re-categorised after the change.
#[utoipa::path(
    operation_id = "sla_policies_update",
    tag = "service_levels",
    params(("id" = uuid::Uuid, Path, description = "The policy's id")),
    request_body = UpdateSlaPolicyRequest,
    responses((status = 200, description = "The updated policy", body = SlaPolicyDto,
               headers(("ETag" = String, description = "The new version")))),
    extensions(("x-round-trip" = json!(true))),
    security(("bearer" = []))
)]
#[patch("/sla-policies/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let levels = &state.interactions;
    let (request, if_version) =
        echo::patch_body::<UpdateSlaPolicyRequest, SlaPolicyDto, _>(body.0, if_match.0, || async {
            Ok(SlaPolicyDto::from(
                levels.sla_policy(&auth.actor, id.0).await?,
            ))
        })
        .await?;
    let p = levels
        .update_sla_policy(&auth.actor, id.0, request.into(), if_version)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(SlaPolicyDto::from(p)))
}
