//! The order rules, without a database: pricing, rounding, statuses and refunds.

use super::pricing::{Catalogue, price};
use super::*;
use crate::price_list::{PriceList, PriceListItem};
use crate::product::Product;
use crate::tax::{TaxRate, TaxRates};
use std::collections::HashMap;

fn codes<T: std::fmt::Debug>(r: DomainResult<T>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Validation(errors)) => {
            errors.into_iter().map(|f| (f.field, f.code)).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn eur() -> Currency {
    Currency::parse("EUR").unwrap_or_else(|| panic!("EUR"))
}

fn m(amount: &str) -> Money {
    Money::parse(amount, "EUR", "m").unwrap_or_else(|e| panic!("{e:?}"))
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{e:?}"))
}

fn day(y: i32, mo: u32, da: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, da).unwrap_or_default()
}

fn product(price: &str, tax: Option<&str>) -> Product {
    Product {
        id: ProductId(Uuid::now_v7()),
        org_id: OrgId(Uuid::nil()),
        sku: "SEAT-1Y".into(),
        name: "Seat, yearly".into(),
        description: None,
        category: None,
        prices: vec![m(price)],
        tax_category: tax.map(Into::into),
        active: true,
        tags: vec![],
        custom_fields: Default::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

fn list(items: Vec<(Uuid, &str)>, from: Option<NaiveDate>) -> PriceList {
    PriceList {
        id: Uuid::now_v7(),
        name: "Offer".into(),
        currency: eur(),
        valid_from: from,
        valid_until: None,
        active: true,
        items: items
            .into_iter()
            .map(|(product_id, p)| PriceListItem {
                product_id,
                price: m(p),
            })
            .collect(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

fn rates() -> TaxRates {
    TaxRates {
        rates: vec![
            TaxRate {
                category: "standard".into(),
                name: None,
                rate: d("20"),
            },
            TaxRate {
                category: "reduced".into(),
                name: None,
                rate: d("5.5"),
            },
        ],
    }
}

fn draft(product: Option<Uuid>, qty: &str, unit: Option<&str>) -> LineDraft {
    LineDraft {
        product_id: product,
        description: product.is_none().then(|| "Setup".to_string()),
        quantity: d(qty),
        unit_price: unit.map(m),
        discount_percent: None,
        tax_category: None,
    }
}

#[test]
fn lines_are_rounded_half_away_from_zero_and_totals_are_the_sums_of_the_lines() {
    let p = product("0.05", Some("reduced"));
    let products = HashMap::from([(p.id.0, p.clone())]);
    let cat = Catalogue {
        products: &products,
        price_lists: &[],
        tax: &rates(),
    };
    let mut discounted = draft(Some(p.id.0), "3", None);
    discounted.discount_percent = Some(d("10"));
    let lines = vec![discounted, draft(None, "1", Some("10.00"))];
    let priced =
        price(lines, eur(), day(2027, 1, 1), None, &cat).unwrap_or_else(|e| panic!("{e:?}"));
    let l = &priced.lines[0];
    // 3 × 0.05 = 0.15; 10% = 0.015 → 0.02 (half away from zero); net 0.13;
    // 5.5% of 0.13 = 0.00715 → 0.01.
    assert_eq!(
        (l.gross, l.discount, l.net, l.tax, l.total),
        (m("0.15"), m("0.02"), m("0.13"), m("0.01"), m("0.14"))
    );
    assert_eq!(l.price_source, PriceSource::Product);
    assert_eq!(l.description, "Seat, yearly");
    assert_eq!(l.sku.as_deref(), Some("SEAT-1Y"));
    assert_eq!(l.tax_rate, d("5.5"));
    // The free line has no tax category: no tax.
    assert_eq!(priced.lines[1].tax, m("0"));
    assert_eq!(priced.subtotal, m("10.15"));
    assert_eq!(priced.discount_total, m("0.02"));
    assert_eq!(priced.tax_total, m("0.01"));
    assert_eq!(priced.total, m("10.14"));
}

#[test]
fn a_price_comes_from_the_named_list_else_the_cheapest_applicable_list_else_the_product() {
    let p = product("100", None);
    let id = p.id.0;
    let products = HashMap::from([(id, p)]);
    let cheap_later = list(vec![(id, "70")], Some(day(2027, 6, 1)));
    let partner = list(vec![(id, "90")], None);
    let winter = list(vec![(id, "80")], None);
    let lists = [cheap_later.clone(), partner.clone(), winter.clone()];
    let cat = Catalogue {
        products: &products,
        price_lists: &lists,
        tax: &TaxRates::default(),
    };
    let one = |when: NaiveDate, named: Option<Uuid>| {
        price(vec![draft(Some(id), "1", None)], eur(), when, named, &cat)
            .map(|p| (p.lines[0].unit_price, p.lines[0].price_list_id))
    };
    assert_eq!(
        one(day(2027, 1, 1), None).ok(),
        Some((m("80"), Some(winter.id)))
    );
    assert_eq!(
        one(day(2027, 7, 1), None).ok(),
        Some((m("70"), Some(cheap_later.id)))
    );
    assert_eq!(
        one(day(2027, 7, 1), Some(partner.id)).ok(),
        Some((m("90"), Some(partner.id)))
    );
    assert_eq!(
        codes(one(day(2027, 1, 1), Some(cheap_later.id))),
        [("price_list_id".into(), "not_applicable".into())]
    );
    let unlisted = Catalogue {
        price_lists: &[],
        ..cat
    };
    let own = price(
        vec![draft(Some(id), "2", None)],
        eur(),
        day(2027, 1, 1),
        None,
        &unlisted,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(own.lines[0].price_source, PriceSource::Product);
    assert_eq!(own.total, m("200"));
}

#[test]
fn every_line_that_cannot_be_priced_is_named() {
    let mut gone = product("5", None);
    gone.active = false;
    let taxed = product("5", Some("luxury"));
    let usd_only = Product {
        prices: vec![Money::parse("5", "USD", "p").unwrap_or_else(|e| panic!("{e:?}"))],
        ..product("5", None)
    };
    let products = HashMap::from([
        (gone.id.0, gone.clone()),
        (taxed.id.0, taxed.clone()),
        (usd_only.id.0, usd_only.clone()),
    ]);
    let cat = Catalogue {
        products: &products,
        price_lists: &[],
        tax: &rates(),
    };
    let r = price(
        vec![
            draft(Some(gone.id.0), "1", None),
            draft(Some(taxed.id.0), "1", None),
            draft(Some(usd_only.id.0), "1", None),
            draft(Some(Uuid::now_v7()), "1", None),
        ],
        eur(),
        day(2027, 1, 1),
        None,
        &cat,
    );
    assert_eq!(
        codes(r),
        [
            ("lines[0].product_id".into(), "inactive".into()),
            ("lines[1].tax_category".into(), "no_rate".into()),
            ("lines[2].unit_price".into(), "required".into()),
            ("lines[3].product_id".into(), "unknown".into()),
        ]
    );
}

fn line_input(qty: &str, amount: &str, currency: &str) -> LineInput {
    LineInput {
        description: Some("Consulting".into()),
        quantity: qty.into(),
        unit_price: Some(MoneyInput {
            amount: amount.into(),
            currency: currency.into(),
        }),
        ..LineInput::default()
    }
}

#[test]
fn bad_orders_are_refused_with_every_field_named() {
    let input = OrderInput {
        currency: Some("EUR".into()),
        lines: vec![
            line_input("-1", "10", "EUR"),
            line_input("1", "10.005", "EUR"),
            line_input("1", "10", "USD"),
            LineInput {
                discount_percent: Some("120".into()),
                ..line_input("1.00001", "10", "EUR")
            },
        ],
        status: Some(OrderStatus::Refunded),
        ..OrderInput::default()
    };
    assert_eq!(
        codes(input.validate(&[])),
        [
            ("person_id".into(), "required".into()),
            ("status".into(), "not_allowed".into()),
            ("lines[0].quantity".into(), "out_of_range".into()),
            ("lines[1].unit_price.amount".into(), "too_precise".into()),
            ("lines[2].unit_price.currency".into(), "mismatch".into()),
            ("lines[3].quantity".into(), "too_precise".into()),
            ("lines[3].discount_percent".into(), "out_of_range".into()),
        ]
    );
    let empty = OrderInput {
        person_id: Some(PersonId(Uuid::now_v7())),
        ..OrderInput::default()
    };
    assert_eq!(
        codes(empty.validate(&[])),
        [
            ("currency".into(), "required".into()),
            ("lines".into(), "required".into()),
        ]
    );
}

fn order(status: OrderStatus, total: &str, refunded: &str) -> Order {
    let now = Utc::now();
    Order {
        id: OrderId(Uuid::now_v7()),
        org_id: OrgId(Uuid::nil()),
        person_id: Some(PersonId(Uuid::now_v7())),
        company_id: None,
        opportunity_id: None,
        status,
        currency: eur(),
        order_date: day(2027, 1, 1),
        channel: None,
        code: None,
        price_list_id: None,
        lines: vec![],
        subtotal: m(total),
        discount_total: m("0"),
        tax_total: m("0"),
        total: m(total),
        refunded: m(refunded),
        refunds: vec![],
        notes: None,
        external_id: None,
        paid_at: None,
        fulfilled_at: None,
        cancelled_at: None,
        created_by: None,
        tags: vec![],
        custom_fields: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

#[test]
fn an_order_moves_forward_only_and_stamps_when_it_was_paid() {
    let now = Utc::now();
    let pending = order(OrderStatus::Pending, "10", "0");
    let to = |s| OrderPatch {
        status: Some(s),
        ..OrderPatch::default()
    };
    let paid = pending
        .apply(&to(OrderStatus::Paid), now)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((paid.status, paid.paid_at), (OrderStatus::Paid, Some(now)));
    assert_eq!(paid.reprice, None);
    let fulfilled = order(OrderStatus::Paid, "10", "0");
    assert!(fulfilled.apply(&to(OrderStatus::Fulfilled), now).is_ok());
    for (from, to_status) in [
        (OrderStatus::Paid, OrderStatus::Pending),
        (OrderStatus::Paid, OrderStatus::Cancelled),
        (OrderStatus::Cancelled, OrderStatus::Paid),
        (OrderStatus::Paid, OrderStatus::Refunded),
    ] {
        assert_eq!(
            codes(order(from, "10", "0").apply(&to(to_status), now)),
            [("status".into(), "invalid_transition".into())],
            "{from:?} → {to_status:?}"
        );
    }
    let relined = OrderPatch {
        lines: Some(vec![draft(None, "1", Some("5"))]),
        order_date: Some(day(2027, 2, 1)),
        ..OrderPatch::default()
    };
    assert_eq!(
        codes(order(OrderStatus::Paid, "10", "0").apply(&relined, now)),
        [
            ("lines".into(), "locked".into()),
            ("order_date".into(), "locked".into()),
        ]
    );
    let again = pending
        .apply(&relined, now)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        again.reprice.map(|r| (r.0.len(), r.2)),
        Some((1, day(2027, 2, 1)))
    );
}

#[test]
fn refunds_add_up_to_the_total_and_never_past_it() {
    let give = |a: &str, c: &str| MoneyInput {
        amount: a.into(),
        currency: c.into(),
    };
    let paid = order(OrderStatus::Fulfilled, "100.00", "30.00");
    assert_eq!(
        paid.refund(give("20", "EUR")).ok(),
        Some((m("50"), OrderStatus::Fulfilled))
    );
    assert_eq!(
        paid.refund(give("70", "EUR")).ok(),
        Some((m("100"), OrderStatus::Refunded))
    );
    assert_eq!(
        codes(paid.refund(give("70.01", "EUR"))),
        [("amount.amount".into(), "exceeds_paid".into())]
    );
    assert_eq!(
        codes(paid.refund(give("5", "USD"))),
        [("amount.currency".into(), "mismatch".into())]
    );
    assert_eq!(
        codes(paid.refund(give("0", "EUR"))),
        [("amount.amount".into(), "out_of_range".into())]
    );
    assert_eq!(
        codes(order(OrderStatus::Pending, "100", "0").refund(give("5", "EUR"))),
        [("status".into(), "not_paid".into())]
    );
}
