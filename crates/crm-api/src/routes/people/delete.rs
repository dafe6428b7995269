//! `DELETE /v1/people/{id}`: remove a person (restorable).

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete a person
///
/// Hides the person from reads and lists; `POST /v1/people/{id}/restore` brings them back.
#[utoipa::path(
    operation_id = "people_delete",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/people/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    state
        .customers
        .people
        .delete(&auth.actor, id.0, if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
