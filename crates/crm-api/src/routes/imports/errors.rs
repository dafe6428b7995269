//! `GET /v1/imports/{id}/errors`: the rows an import could not write, in row order.

use super::dto::{RowErrorDto, RowErrorPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};

crate::list_params!(
    /// Paging of an import's row errors.
    RowErrorParams, sort = "^id$" {}
);

/// List an import's row errors
///
/// Each failed row with its row number, its line in the file, and every error, each
/// naming the column it came from.
#[utoipa::path(
    operation_id = "imports_errors",
    tag = "imports",
    params(("id" = uuid::Uuid, Path, description = "The import's id"), RowErrorParams),
    responses((status = 200, description = "A page of failed rows", body = RowErrorPage)),
    security(("bearer" = []))
)]
#[get("/imports/{id:[0-9a-fA-F-]+}/errors")]
pub async fn errors(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<RowErrorParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(&[], None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let rows = state.imports.row_errors(&auth.actor, id.0, &page).await?;
    Ok(HttpResponse::Ok().json(RowErrorPage::from_page(
        rows,
        &auth.cursors,
        RowErrorDto::from,
    )))
}
