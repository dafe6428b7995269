//! The product rules, without a database.

use super::*;
use crm_core::DomainError;

fn codes<T: std::fmt::Debug>(r: DomainResult<T>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Validation(errors)) => {
            errors.into_iter().map(|f| (f.field, f.code)).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn price(amount: &str, currency: &str) -> MoneyInput {
    MoneyInput {
        amount: amount.into(),
        currency: currency.into(),
    }
}

fn seat() -> ProductInput {
    ProductInput {
        sku: Some("SEAT-1Y".into()),
        name: Some("Seat, yearly".into()),
        prices: vec![price("120", "USD"), price("99.5", "EUR")],
        ..ProductInput::default()
    }
}

#[test]
fn a_product_is_active_by_default_with_its_prices_ordered_by_currency() {
    let p = seat().validate(&[]).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(p.active);
    let shown: Vec<(String, String)> = p
        .prices
        .iter()
        .map(|m| (m.currency().as_str().to_string(), m.amount_text()))
        .collect();
    assert_eq!(
        shown,
        [
            ("EUR".into(), "99.50".into()),
            ("USD".into(), "120.00".into())
        ]
    );
}

#[test]
fn a_sku_and_a_name_are_required_and_a_sku_has_no_spaces() {
    assert_eq!(
        codes(ProductInput::default().validate(&[])),
        [
            ("sku".into(), "required".into()),
            ("name".into(), "required".into())
        ]
    );
    let spaced = ProductInput {
        sku: Some("SEAT 1Y".into()),
        ..seat()
    };
    assert_eq!(
        codes(spaced.validate(&[])),
        [("sku".into(), "invalid_format".into())]
    );
}

#[test]
fn each_currency_is_priced_once_exactly_and_never_below_zero() {
    let bad = ProductInput {
        prices: vec![
            price("10", "EUR"),
            price("11", "EUR"),
            price("1.5", "JPY"),
            price("-2", "USD"),
        ],
        ..seat()
    };
    assert_eq!(
        codes(bad.validate(&[])),
        [
            ("prices[1].currency".into(), "duplicate".into()),
            ("prices[2].amount".into(), "too_precise".into()),
            ("prices[3].amount".into(), "out_of_range".into()),
        ]
    );
}

#[test]
fn a_patch_cannot_clear_the_sku_name_or_active_flag_and_replaces_the_prices() {
    let cleared = ProductPatchInput {
        sku: Some(None),
        name: Some(None),
        active: Some(None),
        ..ProductPatchInput::default()
    };
    assert_eq!(
        codes(cleared.validate(&[])),
        [
            ("sku".into(), "not_nullable".into()),
            ("name".into(), "not_nullable".into()),
            ("active".into(), "not_nullable".into()),
        ]
    );
    let prices = ProductPatchInput {
        prices: Some(Some(vec![price("5", "GBP")])),
        ..ProductPatchInput::default()
    }
    .validate(&[])
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(prices.prices.map(|p| p.len()), Some(1));
}
