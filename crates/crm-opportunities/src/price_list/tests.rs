//! The price list rules, without a database.

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

fn item(product: Uuid, amount: &str, currency: &str) -> ItemInput {
    ItemInput {
        product_id: product,
        price: MoneyInput {
            amount: amount.into(),
            currency: currency.into(),
        },
    }
}

fn winter(items: Vec<ItemInput>) -> PriceListInput {
    PriceListInput {
        name: Some(Some("Winter offer".into())),
        currency: Some(Some("EUR".into())),
        valid_from: Some(NaiveDate::from_ymd_opt(2026, 12, 1)),
        valid_until: Some(NaiveDate::from_ymd_opt(2027, 2, 28)),
        active: None,
        items: Some(items),
    }
}

fn stored(n: NewPriceList) -> PriceList {
    PriceList {
        id: Uuid::now_v7(),
        name: n.name,
        currency: n.currency,
        valid_from: n.valid_from,
        valid_until: n.valid_until,
        active: n.active,
        items: n.items,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

#[test]
fn a_list_applies_between_its_dates_while_active_and_prices_what_it_lists() {
    let seat = Uuid::now_v7();
    let list = stored(
        winter(vec![item(seat, "89", "EUR")])
            .validate(None)
            .unwrap_or_else(|e| panic!("{e:?}")),
    );
    let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap_or_default();
    assert!(list.applies_on(day(1, 15)));
    assert!(list.applies_on(day(2, 28)), "the last day is included");
    assert!(!list.applies_on(day(3, 1)));
    assert_eq!(
        list.price_of(seat).map(|m| m.amount_text()).as_deref(),
        Some("89.00")
    );
    assert_eq!(list.price_of(Uuid::now_v7()), None);
}

#[test]
fn every_bad_price_and_date_is_named() {
    let seat = Uuid::now_v7();
    let mut bad = winter(vec![
        item(seat, "10", "EUR"),
        item(seat, "11", "EUR"),
        item(Uuid::now_v7(), "12", "USD"),
        item(Uuid::now_v7(), "1.005", "EUR"),
    ]);
    bad.valid_until = Some(NaiveDate::from_ymd_opt(2026, 11, 30));
    assert_eq!(
        codes(bad.validate(None)),
        [
            ("valid_until".into(), "before_start".into()),
            ("items[1].product_id".into(), "duplicate".into()),
            ("items[2].price.currency".into(), "mismatch".into()),
            ("items[3].price.amount".into(), "too_precise".into()),
        ]
    );
    assert_eq!(
        codes(PriceListInput::default().validate(None)),
        [
            ("name".into(), "required".into()),
            ("currency".into(), "required".into())
        ]
    );
}

#[test]
fn a_patch_keeps_what_it_leaves_out_and_a_new_currency_needs_new_prices() {
    let seat = Uuid::now_v7();
    let list = stored(
        winter(vec![item(seat, "89", "EUR")])
            .validate(None)
            .unwrap_or_else(|e| panic!("{e:?}")),
    );
    let renamed = PriceListInput {
        name: Some(Some("Winter".into())),
        ..PriceListInput::default()
    }
    .validate(Some(&list))
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(renamed.items, list.items);
    assert_eq!(renamed.valid_until, list.valid_until);
    let dollars = PriceListInput {
        currency: Some(Some("USD".into())),
        ..PriceListInput::default()
    };
    assert_eq!(
        codes(dollars.validate(Some(&list))),
        [("currency".into(), "mismatch".into())]
    );
}
