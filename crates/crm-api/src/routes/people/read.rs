//! `GET /v1/people/{id}`: one person.

use super::dto::PersonDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a person
///
/// One person with every email, phone and tag, and its `ETag`.
#[utoipa::path(
    operation_id = "people_read",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The person", body = PersonDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let p = state.customers.people.get(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(PersonDto::from(p)))
}
