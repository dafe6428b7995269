//! An order: what a person or company bought, in one currency, as lines of products or
//! free descriptions. The domain prices the lines ([`pricing`]) and computes every
//! total; the client never sends one. An order moves `pending → paid → fulfilled`, or
//! `pending → cancelled`; a paid or fulfilled order is refunded in part or whole
//! ([`Order::refund`]), and `refunded` once nothing paid is left.

pub mod conversion;
pub mod pricing;

pub use conversion::Conversion;

use crate::opportunity::{MoneyInput, OpportunityId, amount};
use crate::product::ProductId;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::{DomainError, DomainResult};
use crm_records::custom_field::{CustomField, FieldValue};
use crm_records::money::{Currency, Money, SCALE};
use crm_records::ports::Identified;
use crm_records::records::{Checks, new_tags_and_fields, patched_tags_and_fields};
use crm_records::text::{Field, not_null, text};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

crm_core::typed_id!(
    /// The id of an order.
    OrderId
);

pub const MAX_LINES: usize = 500;
pub const MAX_DESCRIPTION: usize = 500;
pub const MAX_CHANNEL: usize = 50;
pub const MAX_CODE: usize = 100;
pub const MAX_NOTES: usize = 10_000;
pub const MAX_EXTERNAL_ID: usize = 255;
pub const MAX_REASON: usize = 500;
/// The largest quantity on one line.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed, not paid yet; the only status whose lines may change.
    Pending,
    Paid,
    /// Paid and delivered.
    Fulfilled,
    /// Called off before payment.
    Cancelled,
    /// Everything paid was given back (set by refunds, never directly).
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::Pending,
        OrderStatus::Paid,
        OrderStatus::Fulfilled,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Fulfilled => "fulfilled",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether money was taken: what a customer spent counts these orders.
    pub fn is_paid(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid | OrderStatus::Fulfilled | OrderStatus::Refunded
        )
    }

    /// Whether a patch may move an order from `self` to `to`.
    fn may_become(self, to: OrderStatus) -> bool {
        use OrderStatus::*;
        self == to || matches!((self, to), (Pending, Paid | Cancelled) | (Paid, Fulfilled))
    }
}

/// Where a line's unit price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// Sent with the line.
    Given,
    /// The applicable price list's price for the product.
    PriceList,
    /// The product's own price in the order's currency.
    Product,
}

impl PriceSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceSource::Given => "given",
            PriceSource::PriceList => "price_list",
            PriceSource::Product => "product",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            PriceSource::Given,
            PriceSource::PriceList,
            PriceSource::Product,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One priced line of an order (or of an opportunity's proposal); every amount is in
/// the order's currency and rounded to its minor unit as [`pricing`] says.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OrderLine {
    pub product_id: Option<ProductId>,
    /// The product's SKU when the order was placed.
    pub sku: Option<String>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Money,
    pub price_source: PriceSource,
    /// The price list the unit price came from.
    pub price_list_id: Option<Uuid>,
    /// quantity × unit price.
    pub gross: Money,
    /// The percentage taken off the gross amount, if any.
    pub discount_percent: Option<Decimal>,
    pub discount: Money,
    /// gross − discount: what tax is charged on.
    pub net: Money,
    pub tax_category: Option<String>,
    /// The rate applied, copied from the organisation's tax rates when priced.
    pub tax_rate: Decimal,
    pub tax: Money,
    /// net + tax.
    pub total: Money,
}

/// A refund of part or all of a paid order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refund {
    pub id: Uuid,
    pub amount: Money,
    pub reason: Option<String>,
    pub refunded_at: DateTime<Utc>,
    /// The staff user who made it; `None` for an API key.
    pub refunded_by: Option<UserId>,
}

/// An order as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Order {
    pub id: OrderId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub person_id: Option<PersonId>,
    pub company_id: Option<CompanyId>,
    /// The won opportunity it was converted from.
    pub opportunity_id: Option<OpportunityId>,
    pub status: OrderStatus,
    pub currency: Currency,
    pub order_date: NaiveDate,
    /// Where it was placed (`web`, `phone`, `store`…).
    pub channel: Option<String>,
    /// The offer or campaign code given with it.
    pub code: Option<String>,
    /// The price list named when it was priced.
    pub price_list_id: Option<Uuid>,
    pub lines: Vec<OrderLine>,
    pub subtotal: Money,
    pub discount_total: Money,
    pub tax_total: Money,
    pub total: Money,
    /// What was given back so far.
    pub refunded: Money,
    pub refunds: Vec<Refund>,
    pub notes: Option<String>,
    pub external_id: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub fulfilled_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_by: Option<UserId>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Order {
    type Id = OrderId;
}

/// A line as given: a product, or a description with a unit price; the price is looked
/// up when absent.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    pub product_id: Option<Uuid>,
    pub description: Option<String>,
    pub quantity: String,
    pub unit_price: Option<MoneyInput>,
    pub discount_percent: Option<String>,
    pub tax_category: Option<String>,
}

/// A checked line, to be priced by [`pricing::price`].
#[derive(Debug, Clone, PartialEq)]
pub struct LineDraft {
    pub product_id: Option<Uuid>,
    pub description: Option<String>,
    pub quantity: Decimal,
    pub unit_price: Option<Money>,
    pub discount_percent: Option<Decimal>,
    pub tax_category: Option<String>,
}

impl OrderLine {
    /// The line as given, with its unit price fixed: what a proposal's line becomes on
    /// the order it converts to (the price quoted is the price sold at).
    pub fn quoted(&self) -> LineInput {
        LineInput {
            product_id: self.product_id.map(Into::into),
            description: Some(self.description.clone()),
            quantity: self.quantity.to_string(),
            unit_price: Some(MoneyInput {
                amount: self.unit_price.amount_text(),
                currency: self.unit_price.currency().as_str().into(),
            }),
            discount_percent: self.discount_percent.map(|d| d.to_string()),
            tax_category: self.tax_category.clone(),
        }
    }

    /// The line as it would be given again: a looked-up price is looked up again.
    pub fn draft(&self) -> LineDraft {
        LineDraft {
            product_id: self.product_id.map(Into::into),
            description: Some(self.description.clone()),
            quantity: self.quantity,
            unit_price: (self.price_source == PriceSource::Given).then_some(self.unit_price),
            discount_percent: self.discount_percent,
            tax_category: self.tax_category.clone(),
        }
    }
}

/// A checked order to price and store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrder {
    pub person_id: Option<PersonId>,
    pub company_id: Option<CompanyId>,
    pub opportunity_id: Option<OpportunityId>,
    pub status: OrderStatus,
    pub currency: Currency,
    /// `None`: the day it is stored (UTC).
    pub order_date: Option<NaiveDate>,
    pub channel: Option<String>,
    pub code: Option<String>,
    pub price_list_id: Option<Uuid>,
    pub lines: Vec<LineDraft>,
    pub notes: Option<String>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A checked merge-patch of an order; `lines` replaces them all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderPatch {
    pub person_id: Field<PersonId>,
    pub company_id: Field<CompanyId>,
    pub status: Option<OrderStatus>,
    pub currency: Option<Currency>,
    pub order_date: Option<NaiveDate>,
    pub channel: Field<String>,
    pub code: Field<String>,
    pub price_list_id: Field<Uuid>,
    pub lines: Option<Vec<LineDraft>>,
    pub notes: Field<String>,
    pub external_id: Field<String>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// An order's fields as given.
#[derive(Debug, Clone, Default)]
pub struct OrderInput {
    pub person_id: Option<PersonId>,
    pub company_id: Option<CompanyId>,
    pub opportunity_id: Option<OpportunityId>,
    pub status: Option<OrderStatus>,
    pub currency: Option<String>,
    pub order_date: Option<NaiveDate>,
    pub channel: Option<String>,
    pub code: Option<String>,
    pub price_list_id: Option<Uuid>,
    pub lines: Vec<LineInput>,
    pub notes: Option<String>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A patch as given: `None` leaves a field, `Some(None)` clears it (refused for the
/// status, currency, order date and lines, which every order has).
#[derive(Debug, Clone, Default)]
pub struct OrderPatchInput {
    pub person_id: Field<PersonId>,
    pub company_id: Field<CompanyId>,
    pub status: Field<OrderStatus>,
    pub currency: Field<String>,
    pub order_date: Field<NaiveDate>,
    pub channel: Field<String>,
    pub code: Field<String>,
    pub price_list_id: Field<Uuid>,
    pub lines: Field<Vec<LineInput>>,
    pub notes: Field<String>,
    pub external_id: Field<String>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

fn currency(e: &mut Errors, v: Option<String>) -> Option<Currency> {
    let Some(code) = v else {
        e.push("currency", "required", "the currency of the order");
        return None;
    };
    let c = Currency::parse(&code);
    if c.is_none() {
        e.push(
            "currency",
            "invalid_format",
            "an ISO 4217 currency code such as EUR",
        );
    }
    c
}

/// A quantity: a plain decimal string above zero, at most [`MAX_QUANTITY`], with at
/// most four decimal places (`"3"`, `"1.5"` hours).
fn quantity(e: &mut Errors, field: &str, v: &str) -> Option<Decimal> {
    let parsed = crm_records::money::plain_decimal(v)
        .then(|| v.parse::<Decimal>().ok())
        .flatten();
    let Some(q) = parsed else {
        e.push(
            field,
            "invalid_format",
            "a decimal string such as \"2\" or \"1.5\"",
        );
        return None;
    };
    if q <= Decimal::ZERO || q > Decimal::from(MAX_QUANTITY) {
        e.push(
            field,
            "out_of_range",
            format!("above 0 and at most {MAX_QUANTITY}"),
        );
        return None;
    }
    if q.normalize().scale() > SCALE {
        e.push(
            field,
            "too_precise",
            format!("at most {SCALE} decimal places"),
        );
        return None;
    }
    Some(q.normalize())
}

/// Checks lines: at least one, at most [`MAX_LINES`]; each a product or a description
/// with a unit price, in `currency` when that is known.
pub(crate) fn lines(
    e: &mut Errors,
    currency: Option<Currency>,
    given: Vec<LineInput>,
) -> Vec<LineDraft> {
    if given.is_empty() {
        e.push("lines", "required", "at least one line");
    }
    if given.len() > MAX_LINES {
        e.push("lines", "too_many", format!("at most {MAX_LINES} lines"));
    }
    let mut out = Vec::with_capacity(given.len());
    for (i, l) in given.into_iter().enumerate() {
        let at = |f: &str| format!("lines[{i}].{f}");
        let description = text(e, &at("description"), l.description, MAX_DESCRIPTION);
        if l.product_id.is_none() && description.is_none() {
            e.push(
                at("product_id"),
                "required",
                "a line names a product, or has a description and a unit price",
            );
        }
        if l.product_id.is_none() && l.unit_price.is_none() {
            e.push(
                at("unit_price"),
                "required",
                "a line without a product needs a unit price",
            );
        }
        let unit_price = amount(e, &at("unit_price"), l.unit_price);
        if let (Some(p), Some(c)) = (unit_price, currency)
            && p.currency() != c
        {
            e.push(
                at("unit_price.currency"),
                "mismatch",
                format!(
                    "every amount of an order is in its currency, {}",
                    c.as_str()
                ),
            );
        }
        let q = quantity(e, &at("quantity"), &l.quantity);
        let discount_percent = l
            .discount_percent
            .and_then(|d| crate::tax::percent(e, &at("discount_percent"), &d));
        let tax_category = text(
            e,
            &at("tax_category"),
            l.tax_category,
            crate::product::MAX_TAX_CATEGORY,
        );
        out.push(LineDraft {
            product_id: l.product_id,
            description,
            quantity: q.unwrap_or(Decimal::ONE),
            unit_price,
            discount_percent,
            tax_category,
        });
    }
    out
}

/// An order is somebody's: a person's, a company's or both.
fn with_somebody(e: &mut Errors, person: bool, company: bool) {
    if !person && !company {
        e.push(
            "person_id",
            "required",
            "an order is a person's or a company's (person_id or company_id)",
        );
    }
}

impl OrderInput {
    /// Checks every field at once; prices are looked up and totals computed by the
    /// store with [`pricing::price`].
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewOrder> {
        let mut e = Errors::new();
        with_somebody(&mut e, self.person_id.is_some(), self.company_id.is_some());
        let currency = currency(&mut e, self.currency);
        let status = self.status.unwrap_or(OrderStatus::Pending);
        if status == OrderStatus::Refunded {
            e.push(
                "status",
                "not_allowed",
                "an order is refunded by POST /v1/orders/{id}/refunds",
            );
        }
        let lines = lines(&mut e, currency, self.lines);
        let (tags, custom_fields) =
            new_tags_and_fields(&mut e, &self.tags, defs, &self.custom_fields);
        let channel = text(&mut e, "channel", self.channel, MAX_CHANNEL);
        let code = text(&mut e, "code", self.code, MAX_CODE);
        let notes = text(&mut e, "notes", self.notes, MAX_NOTES);
        let external_id = text(&mut e, "external_id", self.external_id, MAX_EXTERNAL_ID);
        e.finish(())?;
        // Every way to be without a currency pushed an error above.
        let currency = currency.ok_or_else(|| {
            DomainError::internal("an order without a currency passed its checks")
        })?;
        Ok(NewOrder {
            person_id: self.person_id,
            company_id: self.company_id,
            opportunity_id: self.opportunity_id,
            status,
            currency,
            order_date: self.order_date,
            channel,
            code,
            price_list_id: self.price_list_id,
            lines,
            notes,
            external_id,
            tags,
            custom_fields,
        })
    }
}

impl OrderPatchInput {
    /// Checks every field the patch names; the rules that join fields are checked on
    /// the stored order by [`Order::apply`].
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<OrderPatch> {
        let mut e = Errors::new();
        let (tags, custom_fields) =
            patched_tags_and_fields(&mut e, self.tags, defs, &self.custom_fields);
        let currency = not_null(&mut e, "currency", self.currency).and_then(|c| {
            let parsed = Currency::parse(&c);
            if parsed.is_none() {
                e.push(
                    "currency",
                    "invalid_format",
                    "an ISO 4217 currency code such as EUR",
                );
            }
            parsed
        });
        let lines = not_null(&mut e, "lines", self.lines).map(|l| lines(&mut e, currency, l));
        let patch = OrderPatch {
            person_id: self.person_id,
            company_id: self.company_id,
            status: not_null(&mut e, "status", self.status),
            currency,
            order_date: not_null(&mut e, "order_date", self.order_date),
            channel: self
                .channel
                .map(|v| text(&mut e, "channel", v, MAX_CHANNEL)),
            code: self.code.map(|v| text(&mut e, "code", v, MAX_CODE)),
            price_list_id: self.price_list_id,
            lines,
            notes: self.notes.map(|v| text(&mut e, "notes", v, MAX_NOTES)),
            external_id: self
                .external_id
                .map(|v| text(&mut e, "external_id", v, MAX_EXTERNAL_ID)),
            tags,
            custom_fields,
        };
        e.finish(patch)
    }
}

/// The stored columns a patch changes besides the plain fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub status: OrderStatus,
    pub paid_at: Option<DateTime<Utc>>,
    pub fulfilled_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The lines to price again (the order's currency, date, list or lines changed),
    /// with the currency, date and price list to price them in.
    pub reprice: Option<(Vec<LineDraft>, Currency, NaiveDate, Option<Uuid>)>,
}

impl Order {
    /// Checks `p` against the order: the status moves only forward
    /// (`pending → paid → fulfilled`, `pending → cancelled`; `refunded` only by
    /// refunds), and what prices it (lines, currency, date, price list) changes only
    /// while it is pending. Every error at once.
    pub fn apply(&self, p: &OrderPatch, now: DateTime<Utc>) -> DomainResult<Applied> {
        let mut e = Errors::new();
        let person = p.person_id.unwrap_or(self.person_id).is_some();
        let company = p.company_id.unwrap_or(self.company_id).is_some();
        with_somebody(&mut e, person, company);
        let status = p.status.unwrap_or(self.status);
        if !self.status.may_become(status) {
            let how = if status == OrderStatus::Refunded {
                "an order is refunded by POST /v1/orders/{id}/refunds"
            } else {
                "an order moves pending → paid → fulfilled, or pending → cancelled"
            };
            e.push(
                "status",
                "invalid_transition",
                format!(
                    "a {} order cannot become {}: {how}",
                    self.status.as_str(),
                    status.as_str()
                ),
            );
        }
        let currency = p.currency.unwrap_or(self.currency);
        let order_date = p.order_date.unwrap_or(self.order_date);
        let price_list_id = p.price_list_id.unwrap_or(self.price_list_id);
        let pricing_changed = p.lines.is_some()
            || currency != self.currency
            || order_date != self.order_date
            || price_list_id != self.price_list_id;
        if pricing_changed && self.status != OrderStatus::Pending {
            for (field, changed) in [
                ("lines", p.lines.is_some()),
                ("currency", currency != self.currency),
                ("order_date", order_date != self.order_date),
                ("price_list_id", price_list_id != self.price_list_id),
            ] {
                if changed {
                    e.push(
                        field,
                        "locked",
                        format!(
                            "only a pending order is priced again; this one is {}",
                            self.status.as_str()
                        ),
                    );
                }
            }
        }
        if currency != self.currency && p.lines.is_none() {
            e.push(
                "lines",
                "required",
                "send the lines again with a new currency",
            );
        }
        let stamp = |to: OrderStatus, was: Option<DateTime<Utc>>| {
            if status == to && self.status != to {
                Some(now)
            } else {
                was
            }
        };
        let reprice = pricing_changed.then(|| {
            let drafts = p
                .lines
                .clone()
                .unwrap_or_else(|| self.lines.iter().map(OrderLine::draft).collect());
            (drafts, currency, order_date, price_list_id)
        });
        e.finish(Applied {
            status,
            paid_at: stamp(OrderStatus::Paid, self.paid_at),
            fulfilled_at: stamp(OrderStatus::Fulfilled, self.fulfilled_at),
            cancelled_at: stamp(OrderStatus::Cancelled, self.cancelled_at),
            reprice,
        })
    }

    /// What is left to refund: the total less what was refunded.
    pub fn refundable(&self) -> Decimal {
        self.total.amount() - self.refunded.amount()
    }

    /// Checks a refund of `given` and gives the order's refunded amount and status
    /// after it: only a paid or fulfilled order is refunded, in its currency, by more
    /// than zero and at most what is left; it is `refunded` once nothing is left.
    pub fn refund(&self, given: MoneyInput) -> DomainResult<(Money, OrderStatus)> {
        if !matches!(self.status, OrderStatus::Paid | OrderStatus::Fulfilled) {
            return Err(DomainError::field(
                "status",
                "not_paid",
                format!(
                    "only a paid or fulfilled order is refunded; this one is {}",
                    self.status.as_str()
                ),
            ));
        }
        let mut e = Errors::new();
        let Some(m) = amount(&mut e, "amount", Some(given)) else {
            return e.finish((self.refunded, self.status));
        };
        if m.currency() != self.currency {
            return Err(DomainError::field(
                "amount.currency",
                "mismatch",
                format!("the order is in {}", self.currency.as_str()),
            ));
        }
        if m.amount().is_zero() {
            return Err(DomainError::field(
                "amount.amount",
                "out_of_range",
                "a refund is more than zero",
            ));
        }
        let left = self.refundable();
        if m.amount() > left {
            return Err(DomainError::field(
                "amount.amount",
                "exceeds_paid",
                format!(
                    "at most {} {} is left to refund",
                    self.currency.amount_text(left),
                    self.currency.as_str()
                ),
            ));
        }
        let refunded = Money::new(self.refunded.amount() + m.amount(), self.currency, "amount")?;
        let status = if refunded.amount() == self.total.amount() {
            OrderStatus::Refunded
        } else {
            self.status
        };
        Ok((refunded, status))
    }
}

/// The shared record use cases check an order through these.
impl Checks<NewOrder> for OrderInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewOrder> {
        self.validate(defs)
    }
}

impl Checks<OrderPatch> for OrderPatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<OrderPatch> {
        self.validate(defs)
    }
}

#[cfg(test)]
mod tests;
