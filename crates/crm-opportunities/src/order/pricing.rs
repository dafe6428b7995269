//! Pricing an order's lines, and the rounding rule every total follows.
//!
//! A line's unit price is the one given, else the named price list's price for the
//! product, else the lowest price for it among the organisation's price lists that
//! apply on the order date in the order's currency, else the product's own price in
//! that currency. Prices exclude tax.
//!
//! **Rounding** (per line, to the currency's minor unit, halves away from zero, the
//! commercial rule of invoices): `gross = round(quantity × unit price)`,
//! `discount = round(gross × discount% / 100)`, `net = gross − discount`,
//! `tax = round(net × rate / 100)`, `total = net + tax`. The order's subtotal,
//! discount, tax and total are the exact sums of its lines' rounded amounts, so an
//! order always equals the sum of its lines and no total is rounded twice.

use super::{LineDraft, OrderLine, PriceSource};
use crate::price_list::PriceList;
use crate::product::Product;
use crate::tax::TaxRates;
use chrono::NaiveDate;
use crm_core::error::Errors;
use crm_core::{DomainError, DomainResult};
use crm_records::money::{Currency, Money};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use uuid::Uuid;

/// What prices are looked up in: the products the lines name (live ones of the
/// organisation, by id), its live price lists and its tax rates.
pub struct Catalogue<'a> {
    pub products: &'a HashMap<Uuid, Product>,
    pub price_lists: &'a [PriceList],
    pub tax: &'a TaxRates,
}

/// Priced lines and the order's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    pub lines: Vec<OrderLine>,
    pub subtotal: Money,
    pub discount_total: Money,
    pub tax_total: Money,
    pub total: Money,
}

/// `d` rounded to `currency`'s minor unit, halves away from zero.
pub fn round(d: Decimal, currency: Currency) -> Decimal {
    d.round_dp_with_strategy(
        currency.minor_units(),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// The price list an order names, checked: live, in the order's currency, applying on
/// its date.
fn named_list<'a>(
    cat: &Catalogue<'a>,
    id: Uuid,
    currency: Currency,
    day: NaiveDate,
) -> DomainResult<&'a PriceList> {
    let Some(list) = cat.price_lists.iter().find(|l| l.id == id) else {
        return Err(DomainError::field(
            "price_list_id",
            "unknown",
            "no live price list of this organisation has this id",
        ));
    };
    if list.currency != currency {
        return Err(DomainError::field(
            "price_list_id",
            "mismatch",
            format!(
                "the list's prices are in {}, the order is in {}",
                list.currency.as_str(),
                currency.as_str()
            ),
        ));
    }
    if !list.applies_on(day) {
        return Err(DomainError::field(
            "price_list_id",
            "not_applicable",
            format!("the list is inactive or not valid on {day}"),
        ));
    }
    Ok(list)
}

/// The looked-up price of `product`: the named list's, else the lowest of the lists
/// applying on `day` in `currency` (the oldest list on a tie), else the product's own.
fn looked_up(
    cat: &Catalogue<'_>,
    named: Option<&PriceList>,
    product: &Product,
    currency: Currency,
    day: NaiveDate,
) -> Option<(Money, PriceSource, Option<Uuid>)> {
    let id = product.id.into();
    let from_list = match named {
        Some(list) => list.price_of(id).map(|p| (p, list.id)),
        None => cat
            .price_lists
            .iter()
            .filter(|l| l.currency == currency && l.applies_on(day))
            .filter_map(|l| l.price_of(id).map(|p| (p, l.id)))
            .fold(None, |best: Option<(Money, Uuid)>, (p, l)| match best {
                Some((b, _)) if b.amount() <= p.amount() => best,
                _ => Some((p, l)),
            }),
    };
    match from_list {
        Some((p, list)) => Some((p, PriceSource::PriceList, Some(list))),
        None => product
            .price_in(currency)
            .map(|p| (p, PriceSource::Product, None)),
    }
}

/// `a × b`, or a 422 on `field` when it is too large to hold.
fn times(a: Decimal, b: Decimal, field: &str) -> DomainResult<Decimal> {
    a.checked_mul(b)
        .ok_or_else(|| DomainError::field(field, "out_of_range", "the amount is too large"))
}

fn money(d: Decimal, currency: Currency, field: &str) -> DomainResult<Money> {
    Ok(Money::new(d, currency, field)?)
}

/// One line priced, by the module's rule.
fn line(
    cat: &Catalogue<'_>,
    named: Option<&PriceList>,
    i: usize,
    d: LineDraft,
    currency: Currency,
    day: NaiveDate,
    e: &mut Errors,
) -> DomainResult<Option<OrderLine>> {
    let at = |f: &str| format!("lines[{i}].{f}");
    let product = match d.product_id {
        Some(id) => match cat.products.get(&id) {
            Some(p) if !p.active && d.unit_price.is_none() => {
                e.push(
                    at("product_id"),
                    "inactive",
                    "the product is sold no more (give a unit_price to sell it anyway)",
                );
                return Ok(None);
            }
            Some(p) => Some(p),
            None => {
                e.push(
                    at("product_id"),
                    "unknown",
                    "no live product of this organisation has this id",
                );
                return Ok(None);
            }
        },
        None => None,
    };
    let priced = match (d.unit_price, product) {
        (Some(p), _) => Some((p, PriceSource::Given, None)),
        (None, Some(product)) => looked_up(cat, named, product, currency, day),
        (None, None) => None,
    };
    let Some((unit_price, price_source, price_list_id)) = priced else {
        e.push(
            at("unit_price"),
            "required",
            format!(
                "the product has no price in {} on {day}: give a unit_price",
                currency.as_str()
            ),
        );
        return Ok(None);
    };
    let tax_category = d
        .tax_category
        .or_else(|| product.and_then(|p| p.tax_category.clone()));
    let tax_rate = match &tax_category {
        Some(c) => match cat.tax.rate_of(c) {
            Some(r) => r,
            None => {
                e.push(
                    at("tax_category"),
                    "no_rate",
                    format!("the organisation has no rate for the tax category {c:?} (PUT /v1/tax-rates)"),
                );
                return Ok(None);
            }
        },
        None => Decimal::ZERO,
    };
    let hundred = Decimal::ONE_HUNDRED;
    let gross = round(
        times(d.quantity, unit_price.amount(), &at("quantity"))?,
        currency,
    );
    let discount = match d.discount_percent {
        Some(pct) => round(
            times(gross, pct, &at("discount_percent"))? / hundred,
            currency,
        ),
        None => Decimal::ZERO,
    };
    let net = gross - discount;
    let tax = round(
        times(net, tax_rate, &at("tax_category"))? / hundred,
        currency,
    );
    let total = net + tax;
    Ok(Some(OrderLine {
        product_id: product.map(|p| p.id),
        sku: product.map(|p| p.sku.clone()),
        description: d
            .description
            .or_else(|| product.map(|p| p.name.clone()))
            .unwrap_or_default(),
        quantity: d.quantity,
        unit_price,
        price_source,
        price_list_id,
        gross: money(gross, currency, &at("gross"))?,
        discount_percent: d.discount_percent,
        discount: money(discount, currency, &at("discount"))?,
        net: money(net, currency, &at("net"))?,
        tax_category,
        tax_rate,
        tax: money(tax, currency, &at("tax"))?,
        total: money(total, currency, &at("total"))?,
    }))
}

/// Prices `drafts` in `currency` on `day`, from the price list named if any. Every
/// line's error at once, named `lines[i].<field>`.
pub fn price(
    drafts: Vec<LineDraft>,
    currency: Currency,
    day: NaiveDate,
    price_list: Option<Uuid>,
    cat: &Catalogue<'_>,
) -> DomainResult<Priced> {
    let named = price_list
        .map(|id| named_list(cat, id, currency, day))
        .transpose()?;
    let mut e = Errors::new();
    let mut lines = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        if let Some(l) = line(cat, named, i, d, currency, day, &mut e)? {
            lines.push(l);
        }
    }
    e.finish(())?;
    let sum = |f: fn(&OrderLine) -> Money| lines.iter().map(|l| f(l).amount()).sum::<Decimal>();
    Ok(Priced {
        subtotal: money(sum(|l| l.gross), currency, "subtotal")?,
        discount_total: money(sum(|l| l.discount), currency, "discount_total")?,
        tax_total: money(sum(|l| l.tax), currency, "tax_total")?,
        total: money(sum(|l| l.total), currency, "total")?,
        lines,
    })
}

/// The ids of the products `drafts` name, each once: what the store reads first.
pub fn products_named(drafts: &[LineDraft]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = drafts.iter().filter_map(|d| d.product_id).collect();
    ids.sort();
    ids.dedup();
    ids
}
