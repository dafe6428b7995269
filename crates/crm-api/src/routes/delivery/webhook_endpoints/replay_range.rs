//! `POST /v1/webhook-endpoints/{id}/replay`: send again every event of a time range.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use crm_accounts::{Action, Area};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The time range to send again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"since": "2026-12-01T00:00:00Z", "until": "2026-12-02T00:00:00Z"}))]
pub struct ReplayRangeRequest {
    /// From when the events happened (included).
    pub since: DateTime<Utc>,
    /// Until when (excluded); at most 31 days after `since`.
    pub until: DateTime<Utc>,
}

/// How many deliveries were queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayRangeDto {
    /// Deliveries queued, one per event of the range.
    #[schema(example = 42)]
    pub queued: u64,
}

/// Replay a time range
///
/// Sends again, at once, every event the endpoint was sent (or was to be sent) that
/// happened in the range, each once, whatever became of it: for a receiver that lost
/// its data. The endpoint must be enabled (422).
#[utoipa::path(
    operation_id = "webhook_endpoints_replay_range",
    tag = "webhook_endpoints",
    params(("id" = uuid::Uuid, Path, description = "The endpoint's id")),
    request_body = ReplayRangeRequest,
    responses((status = 202, description = "The deliveries queued", body = ReplayRangeDto)),
    security(("bearer" = []))
)]
#[post("/webhook-endpoints/{id:[0-9a-fA-F-]+}/replay")]
pub async fn replay_range(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<ReplayRangeRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let b = body.0;
    let queued = state
        .delivery
        .replay_webhook_range(&auth.actor, id.0, b.since, b.until)
        .await?;
    Ok(HttpResponse::Accepted().json(ReplayRangeDto { queued }))
}
