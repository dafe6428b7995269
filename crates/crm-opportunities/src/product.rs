//! A product of the catalogue: what the organisation sells, by SKU, with a unit price
//! in each currency it sells in, a tax category (orders apply the category's rate) and
//! an active flag (an inactive product is kept for history but sold no more).

use crate::opportunity::{MoneyInput, amount};
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::ids::OrgId;
use crm_records::custom_field::{CustomField, FieldValue};
use crm_records::money::Money;
use crm_records::ports::Identified;
use crm_records::records::{Checks, new_tags_and_fields, patched_tags_and_fields};
use crm_records::text::{Field, not_null, text};
use serde::Serialize;

crm_core::typed_id!(
    /// The id of a product.
    ProductId
);

pub const MAX_SKU: usize = 64;
pub const MAX_NAME: usize = 200;
pub const MAX_DESCRIPTION: usize = 10_000;
pub const MAX_CATEGORY: usize = 100;
pub const MAX_TAX_CATEGORY: usize = 50;
/// The most currencies one product is priced in.
pub const MAX_PRICES: usize = 20;

/// A product as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub id: ProductId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    /// The unit price in each currency it is sold in, ordered by currency code.
    pub prices: Vec<Money>,
    pub tax_category: Option<String>,
    pub active: bool,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Product {
    type Id = ProductId;
}

impl Product {
    /// Its unit price in `currency`, if it is sold in it.
    pub fn price_in(&self, currency: crm_records::money::Currency) -> Option<Money> {
        self.prices
            .iter()
            .copied()
            .find(|p| p.currency() == currency)
    }
}

/// A checked product to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub prices: Vec<Money>,
    pub tax_category: Option<String>,
    pub active: bool,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A checked merge-patch of a product; `prices` replaces the whole list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductPatch {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub description: Field<String>,
    pub category: Field<String>,
    pub prices: Option<Vec<Money>>,
    pub tax_category: Field<String>,
    pub active: Option<bool>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// A product's fields as given.
#[derive(Debug, Clone, Default)]
pub struct ProductInput {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub prices: Vec<MoneyInput>,
    pub tax_category: Option<String>,
    pub active: Option<bool>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A patch as given: `None` leaves a field, `Some(None)` clears it (refused for the
/// SKU, name and active flag, which every product has).
#[derive(Debug, Clone, Default)]
pub struct ProductPatchInput {
    pub sku: Field<String>,
    pub name: Field<String>,
    pub description: Field<String>,
    pub category: Field<String>,
    pub prices: Field<Vec<MoneyInput>>,
    pub tax_category: Field<String>,
    pub active: Field<bool>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A SKU: 1 to 64 characters without spaces, kept as given (`ACME-SEAT-12`).
fn sku(e: &mut Errors, v: Option<String>) -> Option<String> {
    let s = text(e, "sku", v, MAX_SKU);
    match &s {
        None => e.push("sku", "required", "a product needs a SKU"),
        Some(s) if s.chars().any(char::is_whitespace) => {
            e.push("sku", "invalid_format", "a SKU has no spaces")
        }
        Some(_) => {}
    }
    s
}

fn name(e: &mut Errors, v: Option<String>) -> Option<String> {
    let n = text(e, "name", v, MAX_NAME);
    if n.is_none() {
        e.push("name", "required", "a product needs a name");
    }
    n
}

/// Unit prices: each exact, not negative, within its currency's minor unit, and one
/// per currency; ordered by currency code.
fn prices(e: &mut Errors, given: Vec<MoneyInput>) -> Vec<Money> {
    if given.len() > MAX_PRICES {
        e.push(
            "prices",
            "too_many",
            format!("at most {MAX_PRICES} prices, one per currency"),
        );
    }
    let mut out: Vec<Money> = Vec::with_capacity(given.len());
    for (i, p) in given.into_iter().enumerate() {
        let field = format!("prices[{i}]");
        let Some(m) = amount(e, &field, Some(p)) else {
            continue;
        };
        if out.iter().any(|o| o.currency() == m.currency()) {
            e.push(
                format!("{field}.currency"),
                "duplicate",
                "one price per currency",
            );
            continue;
        }
        out.push(m);
    }
    out.sort_by_key(|m| m.currency());
    out
}

impl ProductInput {
    /// Checks every field at once.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewProduct> {
        let mut e = Errors::new();
        let sku = sku(&mut e, self.sku);
        let name = name(&mut e, self.name);
        let (tags, custom_fields) =
            new_tags_and_fields(&mut e, &self.tags, defs, &self.custom_fields);
        let new = NewProduct {
            sku: sku.unwrap_or_default(),
            name: name.unwrap_or_default(),
            description: text(&mut e, "description", self.description, MAX_DESCRIPTION),
            category: text(&mut e, "category", self.category, MAX_CATEGORY),
            prices: prices(&mut e, self.prices),
            tax_category: text(&mut e, "tax_category", self.tax_category, MAX_TAX_CATEGORY),
            active: self.active.unwrap_or(true),
            tags,
            custom_fields,
        };
        e.finish(new)
    }
}

impl ProductPatchInput {
    /// Checks every field the patch names.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<ProductPatch> {
        let mut e = Errors::new();
        let (tags, custom_fields) =
            patched_tags_and_fields(&mut e, self.tags, defs, &self.custom_fields);
        let patch = ProductPatch {
            sku: not_null(&mut e, "sku", self.sku).and_then(|s| sku(&mut e, Some(s))),
            name: not_null(&mut e, "name", self.name).and_then(|n| name(&mut e, Some(n))),
            description: self
                .description
                .map(|v| text(&mut e, "description", v, MAX_DESCRIPTION)),
            category: self
                .category
                .map(|v| text(&mut e, "category", v, MAX_CATEGORY)),
            prices: self.prices.map(|v| prices(&mut e, v.unwrap_or_default())),
            tax_category: self
                .tax_category
                .map(|v| text(&mut e, "tax_category", v, MAX_TAX_CATEGORY)),
            active: not_null(&mut e, "active", self.active),
            tags,
            custom_fields,
        };
        e.finish(patch)
    }
}

/// The shared record use cases check a product through these.
impl Checks<NewProduct> for ProductInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewProduct> {
        self.validate(defs)
    }
}

impl Checks<ProductPatch> for ProductPatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<ProductPatch> {
        self.validate(defs)
    }
}

#[cfg(test)]
mod tests;
