//! `GET /v1/tags/{id}`: one tag of the catalogue.

use super::TagDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

/// Read a tag
///
/// One tag with its `ETag`.
#[utoipa::path(
    operation_id = "tags_read",
    tag = "tags",
    params(("id" = uuid::Uuid, Path, description = "The tag's id")),
    responses((status = 200, description = "The tag", body = TagDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/tags/{id:[0-9a-fA-F-]+}")]
pub async fn read(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let t = state.customers.tags.get(&auth.actor, id.0).await?;
    Ok(with_etag(HttpResponse::Ok(), t.version).json(TagDto::from(t)))
}
