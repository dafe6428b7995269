//! Products: a SKU unique in the organisation, exact prices one per currency, every bad
//! price named with nothing written, prices replaced whole, lists filtered by currency,
//! category and active flag, and another organisation seeing none.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn product(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/products").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn skus(r: &crm_tests::Reply) -> Vec<String> {
    r.body["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["sku"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_product_keeps_one_exact_price_per_currency_and_its_sku_is_its_own() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = product(
        &app,
        &t,
        json!({"sku": "SEAT-1Y", "name": "Seat, yearly", "category": "Subscriptions",
               "prices": [{"amount": "120", "currency": "USD"}, {"amount": "99.5", "currency": "EUR"}, {"amount": "15000", "currency": "JPY"}],
               "tax_category": "standard"}),
    )
    .await;
    assert_eq!(
        p["prices"],
        json!([
            {"amount": "99.50", "currency": "EUR"},
            {"amount": "15000", "currency": "JPY"},
            {"amount": "120.00", "currency": "USD"}
        ])
    );
    assert_eq!(p["active"], true);
    let path = format!("/v1/products/{}", p["id"].as_str().unwrap_or_default());
    let r = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"prices": [{"amount": "109", "currency": "EUR"}], "active": false}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["prices"],
        json!([{"amount": "109.00", "currency": "EUR"}])
    );
    assert_eq!(r.body["active"], false);
    let read = app.get(&path).bearer(&t).send().await;
    assert_eq!(read.body["prices"], r.body["prices"]);
    // The read, sent back whole, is accepted.
    let back = app
        .patch(&path)
        .bearer(&t)
        .json(read.body.clone())
        .send()
        .await;
    assert_eq!(back.status, 200, "{}", back.text);

    let dup = app
        .post("/v1/products")
        .bearer(&t)
        .json(json!({"sku": "SEAT-1Y", "name": "Again"}))
        .send()
        .await;
    dup.problem(409, "conflict");
    // Another organisation has its own SKUs and sees none of these.
    let other = app.owner_token("other@example.org").await;
    product(&app, &other, json!({"sku": "SEAT-1Y", "name": "Theirs"})).await;
    app.get(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.get("/v1/products").bearer(&other).send().await;
    assert_eq!(skus(&r), ["SEAT-1Y"]);
    assert_eq!(r.body["data"][0]["name"], "Theirs");
}

#[actix_web::test]
async fn every_bad_price_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/products")
        .bearer(&t)
        .json(json!({"sku": "X 1", "name": "X", "prices": [
            {"amount": "10", "currency": "EUR"},
            {"amount": "11", "currency": "EUR"},
            {"amount": "1.5", "currency": "JPY"},
            {"amount": "1.234", "currency": "USD"}
        ]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "sku",
            "prices[1].currency",
            "prices[2].amount",
            "prices[3].amount"
        ],
        "{}",
        r.text
    );
    assert_eq!(app.count("products").await, 0);
    assert_eq!(app.count("product_prices").await, 0);
}

#[actix_web::test]
async fn the_catalogue_filters_by_currency_category_and_active_flag() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for (sku, category, currency, active) in [
        ("A-1", "Hardware", "EUR", true),
        ("B-2", "Hardware", "USD", true),
        ("C-3", "Services", "EUR", false),
    ] {
        product(
            &app,
            &t,
            json!({"sku": sku, "name": sku, "category": category, "active": active,
                   "prices": [{"amount": "10", "currency": currency}]}),
        )
        .await;
    }
    for (query, expected) in [
        ("currency=EUR&sort=sku", vec!["A-1", "C-3"]),
        ("category=Hardware&sort=-sku", vec!["B-2", "A-1"]),
        ("active=false", vec!["C-3"]),
        ("q=b-2", vec!["B-2"]),
    ] {
        let r = app
            .get(&format!("/v1/products?{query}"))
            .bearer(&t)
            .send()
            .await;
        assert_eq!(r.status, 200, "{query}: {}", r.text);
        assert_eq!(skus(&r), expected, "{query}");
    }
    let r = app.get("/v1/products?currency=eur").bearer(&t).send().await;
    r.problem(400, "invalid_parameter");
    let r = app
        .post("/v1/products/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [
            {"field": "currency", "op": "eq", "value": "EUR"},
            {"field": "active", "op": "eq", "value": true}
        ]}}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(skus(&r), ["A-1"]);
}
