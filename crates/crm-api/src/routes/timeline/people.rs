//! `GET /v1/people/{id}/timeline`: everything that happened with a person.

use super::dto::{TimelinePage, TimelineParams, page_of};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::ids::PersonId;
use crm_records::timeline::Subject;

/// A person's timeline
///
/// Everything that happened with the person, newest first: interactions, lifecycle
/// moves, consent given or withdrawn, and duplicates merged into them (whose own facts
/// are on this timeline too). Each entry names the record that holds the whole fact.
#[utoipa::path(
    operation_id = "people_timeline",
    tag = "timeline",
    params(("id" = uuid::Uuid, Path, description = "The person's id"), TimelineParams),
    responses((status = 200, description = "A page of the person's timeline", body = TimelinePage)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/timeline")]
pub async fn person(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<TimelineParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let subject = Subject::Person(PersonId(id.0));
    Ok(HttpResponse::Ok().json(page_of(&state, &auth, subject, &params.0).await?))
}
