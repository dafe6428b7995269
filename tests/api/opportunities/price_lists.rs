//! Price lists: special prices in one currency between two dates, each naming a live
//! product once; every bad price named with nothing written; admins shape them, sales
//! reads them, and another organisation never sees them.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn product(app: &TestApp, t: &str, sku: &str) -> String {
    let r = app
        .post("/v1/products")
        .bearer(t)
        .json(json!({"sku": sku, "name": sku, "prices": [{"amount": "99", "currency": "EUR"}]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap_or_default().to_string()
}

fn price(product: &str, amount: &str, currency: &str) -> Value {
    json!({"product_id": product, "price": {"amount": amount, "currency": currency}})
}

#[actix_web::test]
async fn a_price_list_keeps_its_prices_and_dates_and_a_patch_replaces_the_prices_whole() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let seat = product(&app, &t, "SEAT").await;
    let desk = product(&app, &t, "DESK").await;
    let r = app
        .post("/v1/price-lists")
        .bearer(&t)
        .json(json!({"name": "Winter offer", "currency": "EUR", "valid_from": "2026-12-01",
                     "valid_until": "2027-02-28", "items": [price(&seat, "89", "EUR"), price(&desk, "450.5", "EUR")]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["active"], true);
    assert_eq!(
        r.body["items"],
        json!([price(&seat, "89.00", "EUR"), price(&desk, "450.50", "EUR")])
    );
    let path = format!(
        "/v1/price-lists/{}",
        r.body["id"].as_str().unwrap_or_default()
    );
    let r = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"valid_until": null, "items": [price(&desk, "400", "EUR")]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["items"], json!([price(&desk, "400.00", "EUR")]));
    assert_eq!(r.body["valid_until"], Value::Null);
    assert_eq!(r.body["valid_from"], "2026-12-01");
    let read = app.get(&path).bearer(&t).send().await;
    let back = app
        .patch(&path)
        .bearer(&t)
        .json(read.body.clone())
        .send()
        .await;
    assert_eq!(
        back.status, 200,
        "the read is accepted back whole: {}",
        back.text
    );
    assert_eq!(back.body["items"], read.body["items"]);
    assert_eq!(app.count("price_list_items").await, 1);
}

#[actix_web::test]
async fn every_bad_price_or_date_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let seat = product(&app, &t, "SEAT").await;
    let stranger = app.owner_token("stranger@example.org").await;
    let theirs = product(&app, &stranger, "THEIRS").await;
    let r = app
        .post("/v1/price-lists")
        .bearer(&t)
        .json(json!({"name": "Bad", "currency": "EUR", "valid_from": "2027-01-10", "valid_until": "2027-01-01",
                     "items": [price(&seat, "1", "EUR"), price(&seat, "2", "EUR"), price(&theirs, "3", "USD"), price(&uuid::Uuid::now_v7().to_string(), "1.001", "EUR")]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "valid_until",
            "items[1].product_id",
            "items[2].price.currency",
            "items[3].price.amount"
        ],
        "{}",
        r.text
    );
    // A product of another organisation is unknown here.
    let r = app
        .post("/v1/price-lists")
        .bearer(&t)
        .json(json!({"name": "Theirs", "currency": "EUR", "items": [price(&theirs, "3", "EUR")]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["items[0].product_id"], "{}", r.text);
    assert_eq!(app.count("price_lists").await, 0);
}

#[actix_web::test]
async fn admins_shape_price_lists_sales_reads_them_and_other_organisations_never_see_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let seat = product(&app, &t, "SEAT").await;
    let r = app
        .post("/v1/price-lists")
        .bearer(&t)
        .json(json!({"name": "Partners", "currency": "EUR", "items": [price(&seat, "80", "EUR")]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let path = format!(
        "/v1/price-lists/{}",
        r.body["id"].as_str().unwrap_or_default()
    );
    app.create_user(&t, "sales@example.com", "sales").await;
    let sales = app.login("sales@example.com").await;
    let list = app.get("/v1/price-lists").bearer(&sales).send().await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["data"][0]["name"], "Partners");
    let r = app
        .patch(&path)
        .bearer(&sales)
        .json(json!({"name": "Mine"}))
        .send()
        .await;
    r.problem(403, "forbidden");
    let stranger = app.owner_token("stranger@example.org").await;
    app.get(&path)
        .bearer(&stranger)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.get("/v1/price-lists").bearer(&stranger).send().await;
    assert_eq!(r.body["data"], json!([]));
    let r = app.delete(&path).bearer(&t).send().await;
    assert_eq!(r.status, 204, "{}", r.text);
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["items"][0]["price"]["amount"], "80.00");
}
