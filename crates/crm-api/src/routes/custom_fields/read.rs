//! `GET /v1/custom-fields/{id}`: one custom field.

use super::CustomFieldDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a custom field
///
/// One definition with its `ETag`.
#[utoipa::path(
    operation_id = "custom_fields_read",
    tag = "custom_fields",
    params(("id" = uuid::Uuid, Path, description = "The field's id")),
    responses((status = 200, description = "The field", body = CustomFieldDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/custom-fields/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let f = state.customers.custom_fields.get(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), f.version).json(CustomFieldDto::from(f)))
}
