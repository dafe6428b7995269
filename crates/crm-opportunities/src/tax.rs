//! Tax rates: the percentage each tax category of the catalogue (`standard`,
//! `reduced`…) is taxed at. An organisation keeps one table of them, replaced whole;
//! an order copies the rate onto each line, so a later change never alters it.

use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_records::text::text;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashSet;

/// The most rates one organisation keeps.
pub const MAX_RATES: usize = 100;
pub const MAX_CATEGORY: usize = 50;
pub const MAX_NAME: usize = 100;
/// Decimal places a rate may have (`5.5`, `8.875`, `19.6`).
pub const RATE_PLACES: u32 = 4;

/// One category's rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxRate {
    /// The tax category products name.
    pub category: String,
    /// What it is called on invoices (`VAT 20%`).
    pub name: Option<String>,
    /// The percentage, exact: 20 means 20%.
    pub rate: Decimal,
}

/// The organisation's rates, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TaxRates {
    pub rates: Vec<TaxRate>,
}

impl TaxRates {
    /// The rate of `category`, matched without regard to case.
    pub fn rate_of(&self, category: &str) -> Option<Decimal> {
        self.rates
            .iter()
            .find(|r| r.category.to_lowercase() == category.to_lowercase())
            .map(|r| r.rate)
    }
}

/// A rate as given.
#[derive(Debug, Clone, Default)]
pub struct TaxRateInput {
    pub category: String,
    pub name: Option<String>,
    pub rate: String,
}

/// A percentage (a tax rate, a discount): a plain decimal string from 0 to 100 with at
/// most [`RATE_PLACES`] places.
pub fn percent(e: &mut Errors, field: &str, v: &str) -> Option<Decimal> {
    // The wire's pattern: 1 or 2 digits or `100`, then up to four places; no sign.
    // A third digit is a number out of range.
    let int = v.split_once('.').map_or(v, |(i, _)| i);
    let shaped = crm_records::money::plain_decimal(v) && !v.starts_with('-') && int.len() <= 3;
    let Some(d) = shaped.then(|| v.parse::<Decimal>().ok()).flatten() else {
        e.push(
            field,
            "invalid_format",
            "a percentage as a decimal string such as \"20\" or \"5.5\"",
        );
        return None;
    };
    if d > Decimal::from(100) || (int.len() == 3 && int != "100") {
        e.push(
            field,
            "out_of_range",
            "from 0 to 100 (percent), without leading zeros",
        );
        return None;
    }
    if d.normalize().scale() > RATE_PLACES {
        e.push(
            field,
            "too_precise",
            format!("at most {RATE_PLACES} decimal places"),
        );
        return None;
    }
    Some(d.normalize())
}

/// Checks a whole table of rates: each category once (without regard to case), each
/// rate exact and within 0–100. Every error at once.
pub fn validate(given: Vec<TaxRateInput>) -> DomainResult<TaxRates> {
    let mut e = Errors::new();
    if given.len() > MAX_RATES {
        e.push("rates", "too_many", format!("at most {MAX_RATES} rates"));
    }
    let mut seen = HashSet::new();
    let mut rates = Vec::with_capacity(given.len());
    for (i, r) in given.into_iter().enumerate() {
        let at = |f: &str| format!("rates[{i}].{f}");
        let category = text(&mut e, &at("category"), Some(r.category), MAX_CATEGORY);
        let Some(category) = category else {
            e.push(at("category"), "required", "the tax category products name");
            continue;
        };
        if !seen.insert(category.to_lowercase()) {
            e.push(at("category"), "duplicate", "one rate per category");
            continue;
        }
        let name = text(&mut e, &at("name"), r.name, MAX_NAME);
        if let Some(rate) = percent(&mut e, &at("rate"), &r.rate) {
            rates.push(TaxRate {
                category,
                name,
                rate,
            });
        }
    }
    e.finish(TaxRates { rates })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_core::DomainError;

    fn input(category: &str, rate: &str) -> TaxRateInput {
        TaxRateInput {
            category: category.into(),
            name: None,
            rate: rate.into(),
        }
    }

    #[test]
    fn rates_are_exact_and_found_by_category_without_regard_to_case() {
        let t = validate(vec![input("standard", "20"), input("Reduced", "5.50")])
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(t.rate_of("STANDARD"), Some(Decimal::from(20)));
        assert_eq!(
            t.rate_of("reduced").map(|d| d.to_string()).as_deref(),
            Some("5.5")
        );
        assert_eq!(t.rate_of("zero"), None);
    }

    #[test]
    fn every_bad_rate_is_named() {
        let r = validate(vec![
            input("standard", "20"),
            input("Standard", "19"),
            input("high", "120"),
            input("odd", "1.23456"),
            input("float", "2e1"),
            input("padded", " 20"),
            input(" ", "0"),
        ]);
        let Err(DomainError::Validation(errors)) = r else {
            panic!("expected a validation error, got {r:?}");
        };
        let got: Vec<(String, String)> = errors.into_iter().map(|f| (f.field, f.code)).collect();
        assert_eq!(
            got,
            [
                ("rates[1].category".into(), "duplicate".into()),
                ("rates[2].rate".into(), "out_of_range".into()),
                ("rates[3].rate".into(), "too_precise".into()),
                ("rates[4].rate".into(), "invalid_format".into()),
                ("rates[5].rate".into(), "invalid_format".into()),
                ("rates[6].category".into(), "required".into()),
            ]
        );
    }
}
