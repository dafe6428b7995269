//! `GET /v1/people/{id}/orders` and `GET /v1/companies/{id}/orders`: a customer's
//! purchase history, newest first.

use super::dto::{OrderDto, OrderPage, OrderStatusDto};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::http::page::Listing;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::Actor;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::{CompanyId, PersonId};
use crm_opportunities::catalogue::ORDER_SORT;
use crm_opportunities::order::OrderStatus;

crate::list_params!(
    /// Paging and filters of a customer's orders (newest order date first by default).
    CustomerOrderParams, sort = "^((created_at|updated_at|order_date|id)(,(created_at|updated_at|order_date|id)){0,3}|-(created_at|updated_at|order_date|id)(,-(created_at|updated_at|order_date|id)){0,3})$" {
        /// Only orders in this state.
        status: Option<OrderStatusDto>,
    }
);

impl Listing for CustomerOrderParams {
    fn filter(&self, _: &Actor) -> Result<Option<Filter>, ApiError> {
        Ok(self.status.map(|s| {
            let name = OrderStatus::from(s).as_str().into();
            Filter::one("status", FieldType::Text, false, Op::Eq, Scalar::Text(name))
        }))
    }
}

/// The page of orders whose `field` is `id`, newest order date first unless sorted.
async fn orders_of(
    state: &AppState,
    auth: &Auth,
    field: &str,
    id: uuid::Uuid,
    p: &CustomerOrderParams,
) -> ApiResult<HttpResponse> {
    let mut page = p.page();
    if page.sort.is_none() {
        page.sort = Some("-order_date".into());
    }
    let page = page
        .to_request(ORDER_SORT, None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let mut all = vec![Filter::one(
        field,
        FieldType::Uuid,
        true,
        Op::Eq,
        Scalar::Uuid(id),
    )];
    all.extend(p.filter(&auth.actor)?);
    let found = state
        .opportunities
        .orders
        .list(&auth.actor, Some(&Filter::All(all)), None, &page)
        .await?;
    Ok(HttpResponse::Ok().json(OrderPage::from_page(found, &auth.cursors, OrderDto::from)))
}

/// A person's orders
///
/// The person's purchase history, newest order date first: every order with its lines,
/// totals and refunds. A merged person answers 308 with the survivor's URL.
#[utoipa::path(
    operation_id = "people_orders",
    tag = "orders",
    params(("id" = uuid::Uuid, Path, description = "The person's id"), CustomerOrderParams),
    responses((status = 200, description = "A page of the person's orders", body = OrderPage)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/orders")]
pub async fn person(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<CustomerOrderParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    state
        .customers
        .people
        .get(&auth.actor, PersonId(id.0))
        .await?;
    orders_of(&state, &auth, "person_id", id.0, &params.0).await
}

/// A company's orders
///
/// The company's purchase history, newest order date first. A merged company answers
/// 308 with the survivor's URL.
#[utoipa::path(
    operation_id = "companies_orders",
    tag = "orders",
    params(("id" = uuid::Uuid, Path, description = "The company's id"), CustomerOrderParams),
    responses((status = 200, description = "A page of the company's orders", body = OrderPage)),
    security(("bearer" = []))
)]
#[get("/companies/{id:[0-9a-fA-F-]+}/orders")]
pub async fn company(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<CustomerOrderParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    state
        .customers
        .companies
        .get(&auth.actor, CompanyId(id.0))
        .await?;
    orders_of(&state, &auth, "company_id", id.0, &params.0).await
}
