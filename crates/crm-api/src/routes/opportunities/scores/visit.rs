//! `POST /v1/people/{id}/page-visits`: an integration reports a page a person visited.

use super::dto::{PageVisitDto, RecordPageVisitRequest};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Record a page visit
///
/// A page a person visited on the organisation's site, for scoring rules that count
/// page visits (`event.kind: page_visit`). Recorded as sent; the person's score follows
/// by a job.
#[utoipa::path(
    operation_id = "scores_record_page_visit",
    tag = "scores",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = RecordPageVisitRequest,
    responses((status = 201, description = "The recorded visit", body = PageVisitDto)),
    security(("bearer" = []))
)]
#[post("/people/{id:[0-9a-fA-F-]+}/page-visits")]
pub async fn record(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<RecordPageVisitRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let b = body.0;
    let v = state
        .opportunities
        .record_page_visit(&auth.actor, id.0, b.url, b.title, b.occurred_at)
        .await?;
    Ok(HttpResponse::Created().json(PageVisitDto::from(v)))
}
