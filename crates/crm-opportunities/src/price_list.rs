//! Price lists: special prices for products in one currency, valid between two dates
//! (a season's offer, a partner's prices); orders take a product's price from the
//! applicable list, campaign offers will name one.

use crate::opportunity::MoneyInput;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_records::money::{Currency, Money};
use crm_records::text::{Field, not_null, text};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

pub const MAX_NAME: usize = 100;
/// The most products one list prices.
pub const MAX_ITEMS: usize = 1_000;
/// The most live price lists an organisation may have.
pub const MAX_PRICE_LISTS: u64 = 100;

/// A product's price on a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PriceListItem {
    pub product_id: Uuid,
    pub price: Money,
}

/// A price list as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceList {
    pub id: Uuid,
    pub name: String,
    pub currency: Currency,
    /// The first day it applies; `None` for no start.
    pub valid_from: Option<NaiveDate>,
    /// The last day it applies; `None` for no end.
    pub valid_until: Option<NaiveDate>,
    pub active: bool,
    /// Its prices, in the order given.
    pub items: Vec<PriceListItem>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl crm_records::ports::Identified for PriceList {
    type Id = Uuid;
}

impl PriceList {
    /// Whether it applies on `day`: active, and `day` within its dates.
    pub fn applies_on(&self, day: NaiveDate) -> bool {
        self.active
            && self.valid_from.is_none_or(|f| f <= day)
            && self.valid_until.is_none_or(|u| day <= u)
    }

    /// Its price for `product`, if it lists the product.
    pub fn price_of(&self, product: Uuid) -> Option<Money> {
        self.items
            .iter()
            .find(|i| i.product_id == product)
            .map(|i| i.price)
    }
}

/// A price as given.
#[derive(Debug, Clone)]
pub struct ItemInput {
    pub product_id: Uuid,
    pub price: MoneyInput,
}

/// A price list as given; in a patch, absent fields stay and absent items stay.
#[derive(Debug, Clone, Default)]
pub struct PriceListInput {
    pub name: Field<String>,
    pub currency: Field<String>,
    pub valid_from: Field<NaiveDate>,
    pub valid_until: Field<NaiveDate>,
    pub active: Field<bool>,
    pub items: Option<Vec<ItemInput>>,
}

/// A checked price list to store, or the whole of one after a patch.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPriceList {
    pub name: String,
    pub currency: Currency,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub active: bool,
    pub items: Vec<PriceListItem>,
}

fn items(e: &mut Errors, currency: Option<Currency>, given: Vec<ItemInput>) -> Vec<PriceListItem> {
    if given.len() > MAX_ITEMS {
        e.push("items", "too_many", format!("at most {MAX_ITEMS} prices"));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(given.len());
    for (i, it) in given.into_iter().enumerate() {
        if !seen.insert(it.product_id) {
            e.push(
                format!("items[{i}].product_id"),
                "duplicate",
                "a list prices a product once",
            );
            continue;
        }
        let field = format!("items[{i}].price");
        let Some(price) = crate::opportunity::amount(e, &field, Some(it.price)) else {
            continue;
        };
        if currency.is_some_and(|c| c != price.currency()) {
            e.push(
                format!("{field}.currency"),
                "mismatch",
                "every price of a list is in the list's currency",
            );
            continue;
        }
        out.push(PriceListItem {
            product_id: it.product_id,
            price,
        });
    }
    out
}

impl PriceListInput {
    /// Checks the list as it will be: the input alone for a new list, the input over
    /// `stored` for a patch. Every error at once.
    pub fn validate(self, stored: Option<&PriceList>) -> DomainResult<NewPriceList> {
        let mut e = Errors::new();
        let nulled = matches!(self.name, Some(None));
        let name = match not_null(&mut e, "name", self.name) {
            Some(n) => text(&mut e, "name", Some(n), MAX_NAME),
            None => stored.map(|s| s.name.clone()),
        };
        if name.is_none() && !nulled {
            e.push("name", "required", "a price list needs a name");
        }
        let currency = match not_null(&mut e, "currency", self.currency) {
            Some(c) => {
                let parsed = Currency::parse(&c);
                if parsed.is_none() {
                    e.push(
                        "currency",
                        "invalid_format",
                        "an ISO 4217 currency code such as EUR",
                    );
                }
                parsed
            }
            None => {
                if stored.is_none() {
                    e.push("currency", "required", "the currency of the list's prices");
                }
                stored.map(|s| s.currency)
            }
        };
        let keep = |given: Field<NaiveDate>, was: Option<NaiveDate>| match given {
            Some(v) => v,
            None => was,
        };
        let valid_from = keep(self.valid_from, stored.and_then(|s| s.valid_from));
        let valid_until = keep(self.valid_until, stored.and_then(|s| s.valid_until));
        if let (Some(f), Some(u)) = (valid_from, valid_until)
            && u < f
        {
            e.push(
                "valid_until",
                "before_start",
                "the last day comes on or after valid_from",
            );
        }
        let active = not_null(&mut e, "active", self.active)
            .or(stored.map(|s| s.active))
            .unwrap_or(true);
        let items = match self.items {
            Some(given) => items(&mut e, currency, given),
            None => {
                let kept = stored.map(|s| s.items.clone()).unwrap_or_default();
                if currency.is_some_and(|c| kept.iter().any(|i| i.price.currency() != c)) {
                    e.push(
                        "currency",
                        "mismatch",
                        "the list's prices are in another currency: send `items` in the new one",
                    );
                }
                kept
            }
        };
        e.finish(())?;
        // Every way to be without a currency pushed an error above.
        let currency = currency.ok_or_else(|| {
            crm_core::DomainError::internal("a price list without a currency passed its checks")
        })?;
        Ok(NewPriceList {
            name: name.unwrap_or_default(),
            currency,
            valid_from,
            valid_until,
            active,
            items,
        })
    }
}

#[cfg(test)]
mod tests;
