//! `GET /v1/people/{id}/spend` and `GET /v1/companies/{id}/spend`: what a customer
//! spent and bought, summed exactly from their purchases.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::http::money::AmountDto;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use crm_accounts::{Action, Area};
use crm_core::ids::{CompanyId, PersonId};
use crm_opportunities::spend::{CurrencySpend, Customer, ProductBought, Spend};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A customer's purchases in one currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrencySpendDto {
    /// The purchases' totals less their refunds, exact.
    pub spent: AmountDto,
    /// How many purchases.
    pub order_count: i64,
    /// The order date of the first purchase.
    pub first_order_date: NaiveDate,
    /// The order date of the latest purchase.
    pub last_order_date: NaiveDate,
    /// The days from the first purchase to the last over the gaps between them, to two
    /// places; null for a single purchase.
    #[schema(example = "29.5")]
    pub average_days_between_orders: Option<String>,
}

impl From<CurrencySpend> for CurrencySpendDto {
    fn from(c: CurrencySpend) -> Self {
        Self {
            average_days_between_orders: c.average_days_between_orders().map(|d| d.to_string()),
            spent: c.spent.into(),
            order_count: c.order_count,
            first_order_date: c.first_order_date,
            last_order_date: c.last_order_date,
        }
    }
}

/// A product a customer bought.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductBoughtDto {
    /// The product (`GET /v1/products/{id}`).
    pub product_id: Uuid,
    /// Its SKU on their orders.
    pub sku: Option<String>,
    /// How many in all, exact.
    #[schema(example = "40")]
    pub quantity: String,
    /// In how many purchases.
    pub order_count: i64,
    /// The order date of the latest purchase of it.
    pub last_order_date: NaiveDate,
}

impl From<ProductBought> for ProductBoughtDto {
    fn from(p: ProductBought) -> Self {
        Self {
            product_id: p.product_id,
            sku: p.sku,
            quantity: p.quantity.to_string(),
            order_count: p.order_count,
            last_order_date: p.last_order_date,
        }
    }
}

/// What a customer spent and bought. Purchases are orders `paid` or `fulfilled`, net of
/// their refunds; pending, cancelled and wholly refunded orders are not.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpendDto {
    /// Per currency, ordered by code; empty before a first purchase.
    pub currencies: Vec<CurrencySpendDto>,
    /// The products bought, most bought first.
    pub products: Vec<ProductBoughtDto>,
}

impl From<Spend> for SpendDto {
    fn from(s: Spend) -> Self {
        Self {
            currencies: s.currencies.into_iter().map(Into::into).collect(),
            products: s.products.into_iter().map(Into::into).collect(),
        }
    }
}

/// A person's spend
///
/// What the person spent per currency (exact, net of refunds), how many purchases,
/// the first and last, the average days between them, and the products bought. People
/// search filters and sorts by the same figures (`spend.total`, `orders.last_at`…).
#[utoipa::path(
    operation_id = "people_spend",
    tag = "orders",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The person's spend", body = SpendDto)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/spend")]
pub async fn person(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    state
        .customers
        .people
        .get(&auth.actor, PersonId(id.0))
        .await?;
    let spend = state
        .opportunities
        .spend(&auth.actor, Customer::Person(PersonId(id.0)))
        .await?;
    Ok(HttpResponse::Ok().json(SpendDto::from(spend)))
}

/// A company's spend
///
/// What the company spent per currency (exact, net of refunds), its purchases and the
/// products it bought.
#[utoipa::path(
    operation_id = "companies_spend",
    tag = "orders",
    params(("id" = uuid::Uuid, Path, description = "The company's id")),
    responses((status = 200, description = "The company's spend", body = SpendDto)),
    security(("bearer" = []))
)]
#[get("/companies/{id:[0-9a-fA-F-]+}/spend")]
pub async fn company(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Opportunities, Action::Read)?;
    state
        .customers
        .companies
        .get(&auth.actor, CompanyId(id.0))
        .await?;
    let spend = state
        .opportunities
        .spend(&auth.actor, Customer::Company(CompanyId(id.0)))
        .await?;
    Ok(HttpResponse::Ok().json(SpendDto::from(spend)))
}
