//! What writes, searches and lists of orders take: a new order with its lines, a
//! merge-patch of one (a status change among them), new lines, the search body and the
//! list's typed filters.

use super::dto::OrderStatusDto;
use crate::http::error::ApiError;
use crate::http::money::AmountDto;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use chrono::NaiveDate;
use crm_core::Actor;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::{CompanyId, PersonId};
use crm_opportunities::order::{LineInput, OrderInput, OrderPatchInput, OrderStatus};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One line of an order: a product (its price looked up unless `unit_price` is
/// given), or a description with a unit price.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineRequest {
    /// A live product of the organisation (an active one, unless `unit_price` is given).
    pub product_id: Option<Uuid>,
    /// What is sold; the product's name when absent.
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// How many: above 0, at most 1000000, at most four decimal places.
    #[schema(
        example = "3",
        pattern = "^(1000000(\\.0{1,4})?|[0-9]{1,6}(\\.[0-9]{1,4})?)$"
    )]
    pub quantity: String,
    /// The price of one, excluding tax, in the order's currency; looked up when absent
    /// (the named price list, else the lowest applicable list, else the product's price).
    pub unit_price: Option<AmountDto>,
    /// A percentage taken off the line's gross amount, 0 to 100.
    #[schema(
        example = "10",
        pattern = "^(100(\\.0{1,4})?|[0-9]{1,2}(\\.[0-9]{1,4})?)$"
    )]
    pub discount_percent: Option<String>,
    /// The tax category whose rate applies; the product's when absent, none (no tax)
    /// for a line without either.
    #[schema(max_length = 50)]
    pub tax_category: Option<String>,
}

impl From<LineRequest> for LineInput {
    fn from(l: LineRequest) -> Self {
        LineInput {
            product_id: l.product_id,
            description: l.description,
            quantity: l.quantity,
            unit_price: l.unit_price.map(Into::into),
            discount_percent: l.discount_percent,
            tax_category: l.tax_category,
        }
    }
}

/// An order to add, of a person, a company or both, priced by the server.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person_id": "01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f", "currency": "EUR", "channel": "web", "lines": [{"product_id": "01938f4e-9b5c-7d4e-8f30-1a2b3c4d5e6f", "quantity": "2"}, {"description": "Installation", "quantity": "1", "unit_price": {"amount": "150.00", "currency": "EUR"}, "tax_category": "standard"}]}))]
pub struct CreateOrderRequest {
    /// The person buying (a live person of the organisation).
    pub person_id: Option<Uuid>,
    /// The company buying (a live company of the organisation).
    pub company_id: Option<Uuid>,
    /// `pending` when absent; an order of the past may be stored `paid`, `fulfilled` or
    /// `cancelled` (`refunded` only by refunds).
    pub status: Option<OrderStatusDto>,
    /// The ISO 4217 currency of every amount of the order.
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: String,
    /// The day it was placed (today, UTC, when absent); prices are those applying on it.
    pub order_date: Option<NaiveDate>,
    /// Where it was placed (`web`, `phone`, `store`…).
    #[schema(max_length = 50)]
    pub channel: Option<String>,
    /// The offer or campaign code given with it.
    #[schema(max_length = 100)]
    pub code: Option<String>,
    /// A price list to take prices from (live, in the order's currency, applying on the
    /// order date).
    pub price_list_id: Option<Uuid>,
    /// What was bought: 1 to 500 lines.
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Vec<LineRequest>,
    /// Anything the team should know about the order.
    #[schema(max_length = 10000)]
    pub notes: Option<String>,
    /// The id another system knows it by (a shop's order number), unique in the
    /// organisation.
    #[schema(max_length = 255)]
    pub external_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's order custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreateOrderRequest> for OrderInput {
    fn from(b: CreateOrderRequest) -> Self {
        OrderInput {
            person_id: b.person_id.map(PersonId),
            company_id: b.company_id.map(CompanyId),
            opportunity_id: None,
            status: b.status.map(Into::into),
            currency: Some(b.currency),
            order_date: b.order_date,
            channel: b.channel,
            code: b.code,
            price_list_id: b.price_list_id,
            lines: b.lines.into_iter().map(Into::into).collect(),
            notes: b.notes,
            external_id: b.external_id,
            tags: b.tags,
            custom_fields: b.custom_fields,
        }
    }
}

/// A merge-patch of an order: absent fields stay, `null` clears, `tags` is replaced
/// whole. Lines and currency change with `PUT /v1/orders/{id}/lines`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "paid"}))]
pub struct UpdateOrderRequest {
    /// The person buying; null for none (a company must remain).
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub person_id: Patch<Uuid>,
    /// The company buying; null for none (a person must remain).
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub company_id: Patch<Uuid>,
    /// Forward only: `pending` → `paid` → `fulfilled`, or `pending` → `cancelled`.
    #[serde(default)]
    #[schema(value_type = OrderStatusDto, required = false)]
    pub status: Patch<OrderStatusDto>,
    /// The day it was placed; a pending order is priced again for it.
    #[serde(default)]
    #[schema(value_type = NaiveDate, required = false)]
    pub order_date: Patch<NaiveDate>,
    /// Where it was placed.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 50)]
    pub channel: Patch<String>,
    /// The offer or campaign code given with it.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub code: Patch<String>,
    /// A price list to take prices from; a pending order is priced again with it.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub price_list_id: Patch<Uuid>,
    /// Anything the team should know about the order.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub notes: Patch<String>,
    /// The id another system knows it by, unique in the organisation.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub external_id: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdateOrderRequest> for OrderPatchInput {
    fn from(r: UpdateOrderRequest) -> Self {
        OrderPatchInput {
            person_id: r.person_id.map_field(PersonId),
            company_id: r.company_id.map_field(CompanyId),
            status: r.status.map_field(Into::into),
            currency: None,
            order_date: r.order_date.map_field(|v| v),
            channel: r.channel.map_field(|v| v),
            code: r.code.map_field(|v| v),
            price_list_id: r.price_list_id.map_field(|v| v),
            lines: None,
            notes: r.notes.map_field(|v| v),
            external_id: r.external_id.map_field(|v| v),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

crate::search_request!(
    /// Fields: `status`, `person_id`, `company_id`, `opportunity_id`, `product_id` (has
    /// a line of it), `currency`, `total` and `refunded` (exact; with `currency`),
    /// `order_date`, `channel`, `code`, `price_list_id`, `external_id`, `created_by`,
    /// `paid_at`, `tags`, `created_at`, `updated_at` and `custom_fields.<key>`.
    OrderSearchRequest,
    example = {"all": [{"field": "status", "op": "in", "value": ["paid", "fulfilled"]}, {"field": "currency", "op": "eq", "value": "EUR"}, {"field": "total", "op": "gte", "value": "100"}]},
    sort = "^((created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the order list.
    OrderListParams, sort = "^((created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|order_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only orders in this state.
        status: Option<OrderStatusDto>,
        /// Only orders of this person.
        person_id: Option<Uuid>,
        /// Only orders of this company.
        company_id: Option<Uuid>,
        /// Only orders with a line of this product.
        product_id: Option<Uuid>,
        /// Only orders placed on or after this day.
        placed_after: Option<NaiveDate>,
        /// Only orders placed before this day.
        placed_before: Option<NaiveDate>,
        /// Only orders with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against external ids, codes and notes.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl Listing for OrderListParams {
    fn filter(&self, _: &Actor) -> Result<Option<Filter>, ApiError> {
        let mut all = Vec::new();
        if let Some(s) = self.status {
            let name = OrderStatus::from(s).as_str().into();
            all.push(Filter::one(
                "status",
                FieldType::Text,
                false,
                Op::Eq,
                Scalar::Text(name),
            ));
        }
        for (field, id) in [
            ("person_id", self.person_id),
            ("company_id", self.company_id),
            ("product_id", self.product_id),
        ] {
            if let Some(id) = id {
                all.push(Filter::one(
                    field,
                    FieldType::Uuid,
                    true,
                    Op::Eq,
                    Scalar::Uuid(id),
                ));
            }
        }
        for (op, v) in [(Op::Gte, self.placed_after), (Op::Lt, self.placed_before)] {
            if let Some(d) = v {
                all.push(Filter::one(
                    "order_date",
                    FieldType::Date,
                    false,
                    op,
                    Scalar::Date(d),
                ));
            }
        }
        all.extend(crate::http::page::tagged(self.tag.as_ref()));
        Ok((!all.is_empty()).then_some(Filter::All(all)))
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
