//! `DELETE /v1/custom-fields/{id}`: remove a field and its values.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::IfMatch;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, web};
use crm_accounts::{Action, Area};

/// Delete a custom field
///
/// Removes the definition and every record's value of it. This cannot be undone.
#[utoipa::path(
    operation_id = "custom_fields_delete",
    tag = "custom_fields",
    params(("id" = uuid::Uuid, Path, description = "The field's id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []))
)]
#[delete("/custom-fields/{id:[0-9a-fA-F-]+}")]
pub async fn delete(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Delete)?;
    state
        .customers
        .custom_fields
        .delete(&auth.actor, id.0, if_match.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
