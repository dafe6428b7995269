//! `GET /v1/people/{id}/score`: a person's lead score by rule and over time.

use super::dto::PersonScoreDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a person's score
///
/// The sum of what each active scoring rule gives the person, each rule's part, and the
/// latest 50 changes. Scores follow rule changes and the person's facts by jobs, within
/// about a minute.
#[utoipa::path(
    operation_id = "scores_read",
    tag = "scores",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The person's score", body = PersonScoreDto)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/score")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let score = state.opportunities.person_score(&auth.actor, id.0).await?;
    Ok(HttpResponse::Ok().json(PersonScoreDto::from(score)))
}
