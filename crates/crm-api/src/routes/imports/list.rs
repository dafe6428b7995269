//! `GET /v1/imports`: the organisation's imports, newest last.

use super::dto::{ImportDto, ImportPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

crate::list_params!(
    /// Paging of imports.
    ImportListParams, sort = "^-?id$" {}
);

/// List imports
///
/// Every import of the organisation, in creation order (`sort=-id` for newest first).
#[utoipa::path(
    operation_id = "imports_list",
    tag = "imports",
    params(ImportListParams),
    responses((status = 200, description = "A page of imports", body = ImportPage)),
    security(("bearer" = []))
)]
#[get("/imports")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<ImportListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(&[], None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let imports = state.imports.list(&auth.actor, &page).await?;
    Ok(HttpResponse::Ok().json(ImportPage::from_page(
        imports,
        &auth.cursors,
        ImportDto::from,
    )))
}
