//! `POST /v1/people/{id}/restore`: bring back a deleted person.

use super::dto::PersonDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Restore a person
///
/// Undoes a delete, with every email, phone and tag the person had.
#[utoipa::path(
    operation_id = "people_restore",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The restored person", body = PersonDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[post("/people/{id:[0-9a-fA-F-]+}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    let p = state.customers.people.restore(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(PersonDto::from(p)))
}
