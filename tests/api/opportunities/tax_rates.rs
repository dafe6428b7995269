//! Tax rates: one table per organisation, replaced whole with If-Match, every bad rate
//! named with nothing written, read by sales, set by admins, and another organisation's
//! its own.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn the_tax_rates_are_replaced_whole_and_a_stale_version_is_refused() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app.get("/v1/tax-rates").bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, json!({"rates": [], "version": 0}));
    let table = json!({"rates": [
        {"category": "standard", "name": "VAT 20%", "rate": "20.00"},
        {"category": "reduced", "rate": "5.5"}
    ]});
    let r = app
        .req(actix_web::http::Method::PUT, "/v1/tax-rates")
        .bearer(&t)
        .header("If-Match", "\"0\"")
        .json(table.clone())
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(r.body["rates"][0]["rate"], "20");
    assert_eq!(
        r.body["rates"][1],
        json!({"category": "reduced", "name": null, "rate": "5.5"})
    );
    let stale = app
        .req(actix_web::http::Method::PUT, "/v1/tax-rates")
        .bearer(&t)
        .header("If-Match", "\"0\"")
        .json(json!({"rates": []}))
        .send()
        .await;
    assert_eq!(stale.status, 412, "{}", stale.text);
    let r = app.get("/v1/tax-rates").bearer(&t).send().await;
    assert_eq!(r.body["version"], 1);
    assert_eq!(r.body["rates"].as_array().map(Vec::len), Some(2));
}

#[actix_web::test]
async fn every_bad_rate_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .req(actix_web::http::Method::PUT, "/v1/tax-rates")
        .bearer(&t)
        .json(json!({"rates": [
            {"category": "standard", "rate": "20"},
            {"category": "STANDARD", "rate": "19"},
            {"category": "high", "rate": "100.5"},
            {"category": "odd", "rate": "1.23456"}
        ]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["rates[1].category", "rates[2].rate", "rates[3].rate"],
        "{}",
        r.text
    );
    assert_eq!(app.count("tax_rates").await, 0);
}

#[actix_web::test]
async fn admins_set_the_rates_sales_reads_them_and_each_organisation_has_its_own() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .req(actix_web::http::Method::PUT, "/v1/tax-rates")
        .bearer(&t)
        .json(json!({"rates": [{"category": "standard", "rate": "20"}]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.create_user(&t, "sales@example.com", "sales").await;
    let sales = app.login("sales@example.com").await;
    let r = app.get("/v1/tax-rates").bearer(&sales).send().await;
    assert_eq!(r.body["rates"][0]["category"], "standard", "{}", r.text);
    app.req(actix_web::http::Method::PUT, "/v1/tax-rates")
        .bearer(&sales)
        .json(json!({"rates": []}))
        .send()
        .await
        .problem(403, "forbidden");
    let other = app.owner_token("other@example.org").await;
    let r = app.get("/v1/tax-rates").bearer(&other).send().await;
    assert_eq!(r.body, json!({"rates": [], "version": 0}));
}
