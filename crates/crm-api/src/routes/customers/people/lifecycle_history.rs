//! `GET /v1/people/{id}/lifecycle-history`: every stage a person went through.

use super::dto::{LifecycleChangeDto, LifecycleChangePage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::sort::{SortField, SortKind};

const SORT: &[SortField] = &[SortField::new("changed_at", SortKind::Timestamp)];

crate::list_params!(
    /// Paging of the lifecycle history.
    LifecycleHistoryParams, sort = "^-?(changed_at|id)$" {}
);

/// Lifecycle history
///
/// Each change of the person's stage with who made it and when, oldest first; the
/// first entry is the stage the person was created in.
#[utoipa::path(
    operation_id = "people_lifecycle_history",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id"), LifecycleHistoryParams),
    responses((status = 200, description = "A page of stage changes", body = LifecycleChangePage)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/lifecycle-history")]
pub async fn lifecycle_history(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<LifecycleHistoryParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(SORT, None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let h = state
        .customers
        .people
        .lifecycle_history(&auth.actor, id.0.into(), &page)
        .await?;
    Ok(HttpResponse::Ok().json(LifecycleChangePage::from_page(
        h,
        &auth.cursors,
        LifecycleChangeDto::from,
    )))
}
