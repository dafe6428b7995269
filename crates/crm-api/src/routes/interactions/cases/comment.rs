//! `POST /v1/cases/{id}/comments`: a comment on a case, public or internal.

use super::dto::CommentDto;
use super::input::CreateCommentRequest;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_interactions::case::{CaseId, NewComment};

/// Comment on a case
///
/// Adds a comment to the case's conversation and a `comment` entry to its history, and
/// sends `case.commented`. A `public` comment is for the customer to read; the first
/// public one by staff is the case's first response (`first_response_at`). Commenting
/// is working the case: it needs the right to update cases.
#[utoipa::path(
    operation_id = "cases_comment",
    tag = "cases",
    params(("id" = uuid::Uuid, Path, description = "The case's id")),
    request_body = CreateCommentRequest,
    responses((status = 201, description = "The comment", body = CommentDto)),
    security(("bearer" = []))
)]
#[post("/cases/{id:[0-9a-fA-F-]+}/comments")]
pub async fn comment(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<CreateCommentRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Update)?;
    let b = body.0;
    let new = NewComment::validate(Some(b.body), b.visibility.map(Into::into))?;
    let c = state
        .interactions
        .comment_on_case(&auth.actor, CaseId(id.0), new)
        .await?;
    Ok(HttpResponse::Created().json(CommentDto::from(c)))
}
