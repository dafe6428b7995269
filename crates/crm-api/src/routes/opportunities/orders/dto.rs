//! Wire types of orders as reads return them: the order, its priced lines and refunds.

use crate::http::money::AmountDto;
use chrono::{DateTime, NaiveDate, Utc};
use crm_opportunities::order::{Order, OrderLine, OrderStatus, PriceSource, Refund};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where an order stands: `pending` → `paid` → `fulfilled`, or `pending` → `cancelled`;
/// `refunded` once refunds gave back everything paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatusDto {
    Pending,
    Paid,
    Fulfilled,
    Cancelled,
    Refunded,
}
crate::mirror!(
    OrderStatusDto,
    OrderStatus,
    [Pending, Paid, Fulfilled, Cancelled, Refunded]
);

/// Where a line's unit price came from: sent with it, the price list, or the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceSourceDto {
    Given,
    PriceList,
    Product,
}
crate::mirror!(PriceSourceDto, PriceSource, [Given, PriceList, Product]);

/// One priced line; every amount is in the order's currency, rounded per line to its
/// minor unit (halves away from zero).
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderLineDto {
    /// The product sold, if the line names one.
    pub product_id: Option<Uuid>,
    /// The product's SKU when the order was priced.
    pub sku: Option<String>,
    /// What was sold: the product's name unless the line said otherwise.
    pub description: String,
    /// How many, exact.
    #[schema(example = "3")]
    pub quantity: String,
    /// The price of one, before discount and tax.
    pub unit_price: AmountDto,
    pub price_source: PriceSourceDto,
    /// The price list the unit price came from.
    pub price_list_id: Option<Uuid>,
    /// quantity × unit price.
    pub gross: AmountDto,
    /// The percentage taken off the gross amount.
    #[schema(example = "10")]
    pub discount_percent: Option<String>,
    pub discount: AmountDto,
    /// gross − discount: what tax is charged on.
    pub net: AmountDto,
    /// The tax category the rate was taken for (the product's unless the line said).
    pub tax_category: Option<String>,
    /// The rate applied, in percent, as it was when the order was priced.
    #[schema(example = "20")]
    pub tax_rate: String,
    pub tax: AmountDto,
    /// net + tax.
    pub total: AmountDto,
}

impl From<OrderLine> for OrderLineDto {
    fn from(l: OrderLine) -> Self {
        Self {
            product_id: l.product_id.map(Into::into),
            sku: l.sku,
            description: l.description,
            quantity: l.quantity.to_string(),
            unit_price: l.unit_price.into(),
            price_source: l.price_source.into(),
            price_list_id: l.price_list_id,
            gross: l.gross.into(),
            discount_percent: l.discount_percent.map(|d| d.to_string()),
            discount: l.discount.into(),
            net: l.net.into(),
            tax_category: l.tax_category,
            tax_rate: l.tax_rate.to_string(),
            tax: l.tax.into(),
            total: l.total.into(),
        }
    }
}

/// A refund of part or all of a paid order.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefundDto {
    pub id: Uuid,
    pub amount: AmountDto,
    /// Why it was given back.
    pub reason: Option<String>,
    /// When it was given back.
    pub refunded_at: DateTime<Utc>,
    /// The staff user who made it; null when an API key did.
    pub refunded_by: Option<Uuid>,
}

impl From<Refund> for RefundDto {
    fn from(r: Refund) -> Self {
        Self {
            id: r.id,
            amount: r.amount.into(),
            reason: r.reason,
            refunded_at: r.refunded_at,
            refunded_by: r.refunded_by.map(Into::into),
        }
    }
}

/// A person's or company's purchase, priced by the server: totals are the sums of the
/// lines' rounded amounts and are never taken from the client.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderDto {
    pub id: Uuid,
    /// The person who bought.
    pub person_id: Option<Uuid>,
    /// The company that bought.
    pub company_id: Option<Uuid>,
    /// The won opportunity it was converted from.
    pub opportunity_id: Option<Uuid>,
    pub status: OrderStatusDto,
    /// The ISO 4217 currency of every amount of the order.
    #[schema(example = "EUR")]
    pub currency: String,
    /// The day it was placed; prices are those applying on it.
    pub order_date: NaiveDate,
    /// Where it was placed (`web`, `phone`, `store`…).
    #[schema(example = "web")]
    pub channel: Option<String>,
    /// The offer or campaign code given with it.
    #[schema(example = "WINTER27")]
    pub code: Option<String>,
    /// The price list named when it was priced.
    pub price_list_id: Option<Uuid>,
    /// Its lines, in the order given.
    pub lines: Vec<OrderLineDto>,
    /// The sum of the lines' gross amounts.
    pub subtotal: AmountDto,
    /// The sum of the lines' discounts.
    pub discount_total: AmountDto,
    /// The sum of the lines' tax.
    pub tax_total: AmountDto,
    /// The sum of the lines' totals: subtotal − discount_total + tax_total.
    pub total: AmountDto,
    /// What refunds gave back so far.
    pub refunded: AmountDto,
    /// Its refunds, oldest first.
    pub refunds: Vec<RefundDto>,
    /// Anything the team should know about the order.
    pub notes: Option<String>,
    /// The id another system knows it by (a shop's order number), unique in the
    /// organisation.
    pub external_id: Option<String>,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// When it was fulfilled.
    pub fulfilled_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The staff user who created it; null when an API key did.
    pub created_by: Option<Uuid>,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=order`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Order> for OrderDto {
    fn from(o: Order) -> Self {
        Self {
            id: o.id.into(),
            person_id: o.person_id.map(Into::into),
            company_id: o.company_id.map(Into::into),
            opportunity_id: o.opportunity_id.map(Into::into),
            status: o.status.into(),
            currency: o.currency.as_str().into(),
            order_date: o.order_date,
            channel: o.channel,
            code: o.code,
            price_list_id: o.price_list_id,
            lines: o.lines.into_iter().map(Into::into).collect(),
            subtotal: o.subtotal.into(),
            discount_total: o.discount_total.into(),
            tax_total: o.tax_total.into(),
            total: o.total.into(),
            refunded: o.refunded.into(),
            refunds: o.refunds.into_iter().map(Into::into).collect(),
            notes: o.notes,
            external_id: o.external_id,
            paid_at: o.paid_at,
            fulfilled_at: o.fulfilled_at,
            cancelled_at: o.cancelled_at,
            created_by: o.created_by.map(Into::into),
            tags: o.tags,
            custom_fields: o.custom_fields,
            created_at: o.created_at,
            updated_at: o.updated_at,
            version: o.version,
        }
    }
}

crate::page_of!(OrderPage, OrderDto);
