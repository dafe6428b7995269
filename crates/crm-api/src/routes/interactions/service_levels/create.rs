//! `POST /v1/sla-policies`: a new SLA policy.

use super::dto::{CreateSlaPolicyRequest, SlaPolicyDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Create an SLA policy
///
/// Owners and admins add targets for the cases of a priority and category. It applies
/// to the cases opened, re-prioritised or re-categorised after it; running deadlines
/// stay as they are.
#[utoipa::path(
    operation_id = "sla_policies_create",
    tag = "service_levels",
    request_body = CreateSlaPolicyRequest,
    responses((status = 201, description = "The new policy", body = SlaPolicyDto,
               headers(("Location" = String, description = "Where it is read"), ("ETag" = String, description = "The version"))),
              (status = 409, description = "The organisation already has 200 policies", body = crate::http::error::Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/sla-policies")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreateSlaPolicyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Create)?;
    let p = state
        .interactions
        .create_sla_policy(&auth.actor, body.0.into())
        .await?;
    let mut res = with_etag(HttpResponse::Created(), p.version);
    res.insert_header((LOCATION, format!("/v1/sla-policies/{}", p.id)));
    Ok(res.json(SlaPolicyDto::from(p)))
}
