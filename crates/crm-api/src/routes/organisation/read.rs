//! `GET /v1/organisation`: the caller's organisation.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::routes::auth::OrganisationDto;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};

/// Read the organisation
///
/// The caller's organisation and its settings, with its `ETag`.
#[utoipa::path(
    operation_id = "organisation_read",
    tag = "organisation",
    responses((status = 200, description = "The organisation", body = OrganisationDto,
               headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/organisation")]
pub async fn read(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    let org = state.accounts.organisation(&auth.actor).await?;
    Ok(with_etag(HttpResponse::Ok(), org.version).json(OrganisationDto::from(org)))
}
