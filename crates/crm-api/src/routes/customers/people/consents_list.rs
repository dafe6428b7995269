//! `GET /v1/people/{id}/consents`: the consent ledger, oldest first.

use super::dto::{ConsentEntryDto, ConsentEntryPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::sort::{SortField, SortKind};

const SORT: &[SortField] = &[SortField::new("recorded_at", SortKind::Timestamp)];

crate::list_params!(
    /// Paging of the consent ledger.
    ConsentListParams, sort = "^-?(recorded_at|id)$" {}
);

/// Consent ledger
///
/// Every grant and withdrawal recorded for the person, with its source and proof.
#[utoipa::path(
    operation_id = "people_consents_list",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id"), ConsentListParams),
    responses((status = 200, description = "A page of ledger entries", body = ConsentEntryPage)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/consents")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<ConsentListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(SORT, Some("recorded_at"), &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let ledger = state
        .customers
        .consents
        .ledger(&auth.actor, id.0.into(), &page)
        .await?;
    Ok(HttpResponse::Ok().json(ConsentEntryPage::from_page(
        ledger,
        &auth.cursors,
        ConsentEntryDto::from,
    )))
}
