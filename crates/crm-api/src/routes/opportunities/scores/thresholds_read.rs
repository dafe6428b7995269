//! `GET /v1/score-thresholds`: the scores whose crossing is an event.

use super::dto::ScoreThresholdsDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read the score thresholds
///
/// A person's score reaching one of them, or falling below it, sends
/// `person.score_changed` (for automation and sales alerts). None, version 0, until an
/// admin sets them.
#[utoipa::path(
    operation_id = "scores_thresholds_read",
    tag = "scores",
    responses((status = 200, description = "The thresholds", body = ScoreThresholdsDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/score-thresholds")]
pub async fn read(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    let (t, version) = state.opportunities.score_thresholds(&auth.actor).await?;
    Ok(with_etag(HttpResponse::Ok(), version).json(ScoreThresholdsDto::new(t, version)))
}
