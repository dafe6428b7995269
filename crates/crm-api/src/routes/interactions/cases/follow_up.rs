//! `POST /v1/cases/{id}/follow-up`: the customer's answer to the follow-up check.

use super::dto::CaseDto;
use super::input::FollowUpRequest;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_interactions::case::{Answer, CaseId};

/// Record the follow-up answer
///
/// Whether the customer confirms the problem is solved, with a satisfaction rating (1–5)
/// and a comment, stored on the case (`follow_up`). Solved closes a resolved case (a
/// closed one stays closed); not solved reopens it and its SLA clock runs again. The
/// follow-up task is marked done either way, and the answer lands on the case's history.
/// Only a resolved or closed case is followed up (409 otherwise).
#[utoipa::path(
    operation_id = "cases_follow_up",
    tag = "cases",
    params(("id" = uuid::Uuid, Path, description = "The case's id")),
    request_body = FollowUpRequest,
    responses((status = 200, description = "The case after the answer", body = CaseDto,
               headers(("ETag" = String, description = "The new version"))),
              (status = 409, description = "The case is not resolved or closed", body = crate::http::error::Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/cases/{id:[0-9a-fA-F-]+}/follow-up")]
pub async fn follow_up(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<FollowUpRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Update)?;
    let b = body.0;
    let answer = Answer::validate(Some(b.solved), b.rating, b.comment)?;
    let c = state
        .interactions
        .answer_follow_up(&auth.actor, CaseId(id.0), answer)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), c.version).json(CaseDto::from(c)))
}
