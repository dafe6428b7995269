//! `PUT /v1/score-thresholds`: replace the scores whose crossing is an event.

use super::dto::{ReplaceScoreThresholdsRequest, ScoreThresholdsDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::{HttpResponse, put, web};
use crm_accounts::{Action, Area};

/// Replace the score thresholds
///
/// Owners and admins set the whole list (each once; `[]` for none). Crossings are
/// judged from the next change of each score on. Send `If-Match` to refuse a change
/// made meanwhile (`"0"` before the first).
#[utoipa::path(
    operation_id = "scores_thresholds_replace",
    tag = "scores",
    request_body = ReplaceScoreThresholdsRequest,
    responses((status = 200, description = "The thresholds", body = ScoreThresholdsDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[put("/score-thresholds")]
pub async fn replace(
    state: web::Data<AppState>,
    auth: Auth,
    if_match: IfMatch,
    body: JsonBody<ReplaceScoreThresholdsRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let (t, version) = state
        .opportunities
        .set_score_thresholds(&auth.actor, body.0.thresholds, if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), version).json(ScoreThresholdsDto::new(t, version)))
}
