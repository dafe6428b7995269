//! `GET /v1/sla-policies`: every SLA policy of the organisation.

use super::dto::{SlaPolicyDto, SlaPolicyPage};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::page::Page;

/// List SLA policies
///
/// Every live policy, oldest first, in one page (an organisation has at most 200).
#[utoipa::path(
    operation_id = "sla_policies_list",
    tag = "service_levels",
    responses((status = 200, description = "The policies", body = SlaPolicyPage)),
    security(("bearer" = []))
)]
#[get("/sla-policies")]
pub async fn list(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let items = state.interactions.sla_policies(&auth.actor).await?;
    let page = Page {
        items,
        next_cursor: None,
        total: None,
    };
    Ok(HttpResponse::Ok().json(SlaPolicyPage::from_page(
        page,
        &auth.cursors,
        SlaPolicyDto::from,
    )))
}
