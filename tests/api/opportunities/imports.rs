//! Order imports: a shop's history from CSV or NDJSON, each order priced and totalled by
//! the server as a create would, its customer and products found by key, and the
//! customers' spend kept equal to a SQL sum over the orders. Opportunity imports: a deal
//! list with its stages and owners by name, sent again to update it.

use crate::imports::{errors, failures, import, upload};
use actix_web::http::Method;
use crm_tests::TestApp;
use serde_json::{Value, json};

async fn create(app: &TestApp, t: &str, path: &str, body: Value) -> Value {
    let r = app.post(path).bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{path}: {}", r.text);
    r.body
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// A 20% tax rate, a product at 10.00 EUR taxed at it, Ada (by email) and Acme (by
/// domain); answers Ada's and Acme's ids.
async fn shop(app: &TestApp, t: &str) -> (String, String) {
    let r = app
        .req(Method::PUT, "/v1/tax-rates")
        .bearer(t)
        .json(json!({"rates": [{"category": "standard", "rate": "20"}]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    create(
        app,
        t,
        "/v1/products",
        json!({"sku": "SEAT-1M", "name": "Seat, monthly", "tax_category": "standard",
               "prices": [{"amount": "10.00", "currency": "EUR"}]}),
    )
    .await;
    let ada = create(
        app,
        t,
        "/v1/people",
        json!({"first_name": "Ada", "emails": [{"address": "ada@example.com"}]}),
    )
    .await;
    let acme = create(
        app,
        t,
        "/v1/companies",
        json!({"name": "Acme", "domain": "acme.example"}),
    )
    .await;
    (id(&ada), id(&acme))
}

/// The customers' stored spend, and a SQL sum over the orders that are purchases.
async fn spend_and_sql_sum(app: &TestApp) -> (i64, i64) {
    let lines = app.sum("customer_purchases", "spent_units").await;
    let orders = app
        .sum_where(
            "orders",
            "total_units - refunded_units",
            "status IN ('paid', 'fulfilled') AND deleted_at IS NULL",
        )
        .await;
    (lines, orders)
}

async fn get(app: &TestApp, t: &str, path: &str) -> Value {
    let r = app.get(path).bearer(t).send().await;
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    r.body
}

const HISTORY: &str = "Order,Email,Domain,SKU,Item,Qty,Price,Currency,Date,Status,Tags\r\n\
    #1001,ada@example.com,,SEAT-1M,,3,,EUR,2025-01-10,paid,web\r\n\
    #1002,ada@example.com,,,Setup,,50,EUR,2025-02-01T09:30:00Z,Fulfilled,\r\n\
    #1003,,acme.example,SEAT-1M,,1,9.99,EUR,2025-02-03,paid,web;b2b\r\n\
    #1001,ada@example.com,,SEAT-1M,,1,,EUR,2025-03-01,paid,\r\n\
    #1004,nobody@example.com,,SEAT-1M,,1,,EUR,2025-03-01,paid,\r\n\
    #1005,ada@example.com,,NOPE,,1,,EUR,2025-03-01,paid,\r\n\
    #1006,ada@example.com,,SEAT-1M,,-2,,EUR,2025-03-01,paid,\r\n\
    #1007,ada@example.com,,SEAT-1M,,1,,GBP,2025-03-01,paid,\r\n\
    #1008,ada@example.com,,SEAT-1M,,1,,EUR,2025-04-01,pending,\r\n";

fn history_options() -> Value {
    json!({"resource": "orders", "mapping": {
        "Order": "external_id", "Email": "person.email", "Domain": "company.domain",
        "SKU": "line.sku", "Item": "line.description", "Qty": "line.quantity",
        "Price": "line.unit_price", "Currency": "currency", "Date": "order_date",
        "Status": "status", "Tags": "tags"}})
}

#[actix_web::test]
async fn a_shop_history_is_priced_by_the_server_and_spend_equals_a_sql_sum_of_the_orders() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (ada, acme) = shop(&app, &t).await;
    let done = import(
        &app,
        &t,
        history_options(),
        "shop.csv",
        "text/csv",
        HISTORY.as_bytes(),
    )
    .await;
    assert_eq!(done["resource"], "orders");
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(
        done["progress"],
        json!({"rows_done": 9, "created": 4, "updated": 0, "failed": 5})
    );
    let failed = failures(&errors(&app, &t, done["id"].as_str().unwrap()).await);
    let pair = |f: &str, c: &str| vec![(f.to_string(), c.to_string())];
    assert_eq!(
        failed,
        [
            (4, pair("", "conflict")),
            (5, pair("Email", "not_found")),
            (6, pair("SKU", "not_found")),
            (7, pair("Qty", "out_of_range")),
            (8, pair("Price", "required")),
        ]
    );
    // 3 × 10.00 from the product's own price, 20% tax: 36.00.
    let orders = get(&app, &t, "/v1/orders?sort=order_date&limit=50").await;
    let data = orders["data"].as_array().unwrap();
    let totals: Vec<(&str, &str, &str)> = data
        .iter()
        .map(|o| {
            (
                o["external_id"].as_str().unwrap(),
                o["status"].as_str().unwrap(),
                o["total"]["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            ("#1001", "paid", "36.00"),
            ("#1002", "fulfilled", "50.00"),
            ("#1003", "paid", "11.99"),
            ("#1008", "pending", "12.00"),
        ]
    );
    assert_eq!(data[0]["lines"][0]["price_source"], "product");
    assert_eq!(data[0]["tags"], json!(["web"]));
    assert_eq!(data[1]["order_date"], "2025-02-01");
    assert_eq!(data[2]["company_id"], acme.as_str());
    assert_eq!(data[2]["lines"][0]["tax"]["amount"], "2.00");
    let by_id = get(&app, &t, &format!("/v1/orders/{}", id(&data[2]))).await;
    let mut tags: Vec<&str> = by_id["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    tags.sort_unstable();
    assert_eq!(tags, ["b2b", "web"]);
    // The spend of Ada (two purchases) and Acme (one), exact and equal to SQL's sum.
    let spend = get(&app, &t, &format!("/v1/people/{ada}/spend")).await;
    assert_eq!(
        spend["currencies"][0]["spent"]["amount"], "86.00",
        "{spend}"
    );
    assert_eq!(spend["currencies"][0]["order_count"], 2);
    let spend = get(&app, &t, &format!("/v1/companies/{acme}/spend")).await;
    assert_eq!(
        spend["currencies"][0]["spent"]["amount"], "11.99",
        "{spend}"
    );
    let (stored, summed) = spend_and_sql_sum(&app).await;
    assert_eq!((stored, summed), (979_900, 979_900));
    // Sent again, the file writes nothing twice.
    let again = import(
        &app,
        &t,
        history_options(),
        "shop.csv",
        "text/csv",
        HISTORY.as_bytes(),
    )
    .await;
    assert_eq!(again["progress"]["created"], 0, "{again}");
    assert_eq!(again["progress"]["failed"], 9);
    assert_eq!(app.count("orders").await, 4);
    assert_eq!(spend_and_sql_sum(&app).await, (979_900, 979_900));
    // Each order is on its customer's timeline and in the journal.
    let timeline = get(&app, &t, &format!("/v1/people/{ada}/timeline?kind=order")).await;
    assert_eq!(timeline["data"].as_array().unwrap().len(), 3);
    assert_eq!(
        app.sum_where("audit_events", "1", "action = 'order.created'")
            .await,
        4
    );
}

#[actix_web::test]
async fn an_ndjson_order_of_several_lines_is_checked_by_a_dry_run_then_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (ada, _) = shop(&app, &t).await;
    let file = json!({"external_id": "w-1", "person.email": "ADA@example.com", "currency": "EUR",
        "order_date": "2025-03-01", "status": "paid", "tags": ["web"],
        "lines": [{"sku": "SEAT-1M", "quantity": "2", "discount_percent": "10"},
                  {"description": "Setup", "unit_price": "50"}]})
    .to_string()
        + "\n";
    let dry = import(
        &app,
        &t,
        json!({"resource": "orders", "dry_run": true}),
        "o.ndjson",
        "application/x-ndjson",
        file.as_bytes(),
    )
    .await;
    assert_eq!(dry["progress"]["created"], 1, "{dry}");
    assert_eq!(app.count("orders").await, 0);
    assert_eq!(app.count("customer_purchases").await, 0);
    let done = import(
        &app,
        &t,
        json!({"resource": "orders"}),
        "o.ndjson",
        "application/x-ndjson",
        file.as_bytes(),
    )
    .await;
    assert_eq!(done["progress"]["created"], 1, "{done}");
    let orders = get(&app, &t, &format!("/v1/people/{ada}/orders")).await;
    let order = &orders["data"][0];
    // 2 × 10.00 − 10% = 18.00, +20% = 21.60; the setup line 50.00 untaxed.
    assert_eq!(order["lines"][0]["total"]["amount"], "21.60");
    assert_eq!(order["lines"][1]["price_source"], "given");
    assert_eq!(order["total"]["amount"], "71.60");
    assert_eq!(order["tags"], json!(["web"]));
    assert_eq!(spend_and_sql_sum(&app).await, (716_000, 716_000));
}

#[actix_web::test]
async fn an_order_import_refuses_keys_orders_do_not_have_and_needs_the_right_to_sell() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let csv = b"Order,SKU,Items\n1,A,[]\n";
    let r = upload(
        &app,
        &t,
        json!({"resource": "orders", "mapping": {"Order": "external_id", "SKU": "line.sku", "Items": "lines"}}),
        "o.csv",
        "text/csv",
        csv,
    )
    .await;
    let p = r.problem(422, "validation");
    assert_eq!(p["errors"][0]["field"], "mapping.SKU", "{}", r.text);
    let r = upload(
        &app,
        &t,
        json!({"resource": "orders", "match_on": "external_id", "mapping": {"Order": "external_id", "SKU": "line.sku", "Items": "ignore"}}),
        "o.csv",
        "text/csv",
        csv,
    )
    .await;
    r.problem(422, "validation");
    for (email, role) in [
        ("support@example.com", "support"),
        ("viewer@example.com", "viewer"),
    ] {
        app.create_user(&t, email, role).await;
        let u = app.login(email).await;
        let r = upload(
            &app,
            &u,
            json!({"resource": "orders", "mapping": {"Order": "external_id", "SKU": "line.sku", "Items": "ignore"}}),
            "o.csv",
            "text/csv",
            csv,
        )
        .await;
        r.problem(403, "forbidden");
    }
    assert_eq!(app.count("imports").await, 0);
}

const DEALS: &str = "Deal id,Deal,Contact,Owner,Pipeline,Stage,Value,Currency,Close\n\
    d-1,40 seats,ada@example.com,sam@example.com,,proposal,12000,EUR,2027-03-31\n\
    d-2,10 seats,ada@example.com,,Renewals,Negotiation,3000,EUR,2027-01-15\n\
    d-3,Lost cause,ada@example.com,,,Nowhere,10,EUR,\n\
    d-4,Odd cents,ada@example.com,,,Proposal,12.345,EUR,\n\
    d-5,Nobody's,grace@example.com,,,Proposal,10,EUR,\n";

fn deal_options() -> Value {
    json!({"resource": "opportunities", "match_on": "external_id", "mapping": {
        "Deal id": "external_id", "Deal": "name", "Contact": "person.email",
        "Owner": "owner.email", "Pipeline": "pipeline", "Stage": "stage", "Value": "amount",
        "Currency": "currency", "Close": "expected_close_date"}})
}

#[actix_web::test]
async fn a_deal_list_lands_with_stages_and_owners_by_name_and_sent_again_moves_its_deals() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (ada, _) = shop(&app, &t).await;
    let sam = app.create_user(&t, "sam@example.com", "sales").await;
    create(&app, &t, "/v1/pipelines", json!({"name": "New business"})).await;
    create(
        &app,
        &t,
        "/v1/pipelines",
        json!({"name": "Renewals", "stages": [
            {"name": "Negotiation", "probability": 60, "kind": "open"},
            {"name": "Renewed", "probability": 100, "kind": "won"},
            {"name": "Churned", "probability": 0, "kind": "lost"}]}),
    )
    .await;
    let done = import(
        &app,
        &t,
        deal_options(),
        "deals.csv",
        "text/csv",
        DEALS.as_bytes(),
    )
    .await;
    assert_eq!(done["resource"], "opportunities");
    assert_eq!(
        done["progress"],
        json!({"rows_done": 5, "created": 2, "updated": 0, "failed": 3}),
        "{done}"
    );
    let failed = failures(&errors(&app, &t, done["id"].as_str().unwrap()).await);
    let pair = |f: &str, c: &str| vec![(f.to_string(), c.to_string())];
    assert_eq!(
        failed,
        [
            (3, pair("Stage", "not_found")),
            (4, pair("Value", "too_precise")),
            (5, pair("Contact", "not_found")),
        ]
    );
    let deals = get(&app, &t, &format!("/v1/opportunities?person_id={ada}")).await;
    let mut got: Vec<(String, String, String)> = deals["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["amount"]["amount"].as_str().unwrap().to_string(),
                d["owner_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    let me = get(&app, &t, "/v1/me").await["user"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        got,
        [
            ("10 seats".into(), "3000.00".into(), me.clone()),
            ("40 seats".into(), "12000.00".into(), id(&sam)),
        ]
    );
    // Sent again with the first deal won: it moves (a stage move is kept), nothing doubles.
    let again = DEALS.replace(
        "sam@example.com,,proposal,12000",
        "sam@example.com,,Won,12500",
    );
    let done = import(
        &app,
        &t,
        deal_options(),
        "deals.csv",
        "text/csv",
        again.as_bytes(),
    )
    .await;
    assert_eq!(done["progress"]["created"], 0, "{done}");
    assert_eq!(done["progress"]["updated"], 2);
    assert_eq!(app.count("opportunities").await, 2);
    let deals = get(&app, &t, &format!("/v1/opportunities?person_id={ada}")).await;
    let won = deals["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["external_id"] == "d-1")
        .unwrap();
    assert_eq!(won["status"], "won", "{won}");
    assert_eq!(won["amount"]["amount"], "12500.00");
    let moves = get(
        &app,
        &t,
        &format!("/v1/opportunities/{}/stage-moves", id(won)),
    )
    .await;
    assert_eq!(moves["data"].as_array().unwrap().len(), 2, "{moves}");
}

#[actix_web::test]
async fn an_import_adds_to_what_customers_had_spent_and_recounts_those_whose_currency_changes() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (ada, _) = shop(&app, &t).await;
    let grace = create(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Grace", "emails": [{"address": "grace@example.com"}]}),
    )
    .await;
    // Before the import, Ada and Grace each paid 10.00 EUR.
    for person in [ada.clone(), id(&grace)] {
        create(
            &app,
            &t,
            "/v1/orders",
            json!({"person_id": person, "currency": "EUR", "order_date": "2025-01-01",
                   "status": "paid", "lines": [{"description": "Item", "quantity": "1",
                   "unit_price": {"amount": "10.00", "currency": "EUR"}}]}),
        )
        .await;
    }
    // Ada pays 20.00 EUR more (added to her line); Grace pays in USD later (her line
    // changes currency: recounted); Acme buys for the first time; a pending order counts
    // for nobody.
    let csv = "Order,Email,Domain,Item,Price,Currency,Date,Status\n\
        a-1,ada@example.com,,Item,20,EUR,2025-02-01,paid\n\
        g-1,grace@example.com,,Item,5,USD,2025-03-01,paid\n\
        c-1,,acme.example,Item,7,EUR,2025-03-02,fulfilled\n\
        a-2,ada@example.com,,Item,1,EUR,2025-04-01,pending\n";
    let options = json!({"resource": "orders", "mapping": {"Order": "external_id",
        "Email": "person.email", "Domain": "company.domain", "Item": "line.description",
        "Price": "line.unit_price", "Currency": "currency", "Date": "order_date",
        "Status": "status"}});
    let done = import(&app, &t, options, "more.csv", "text/csv", csv.as_bytes()).await;
    assert_eq!(done["progress"]["created"], 4, "{done}");
    let line = |currency: &'static str| {
        app.sum_where(
            "customer_purchases",
            "spent_units",
            match currency {
                "EUR" => "currency = 'EUR'",
                _ => "currency = 'USD'",
            },
        )
    };
    // Ada 30.00 EUR and Acme 7.00 EUR; Grace 5.00 USD.
    assert_eq!(line("EUR").await, 370_000);
    assert_eq!(line("USD").await, 50_000);
    assert_eq!(app.sum("customer_purchases", "order_count").await, 5);
    let spend = get(&app, &t, &format!("/v1/people/{ada}/spend")).await;
    assert_eq!(
        spend["currencies"][0]["spent"]["amount"], "30.00",
        "{spend}"
    );
    assert_eq!(spend["currencies"][0]["order_count"], 2);
    // The EUR lines are what a recount of their customers' EUR purchases gives (Grace's
    // EUR purchase is not on her USD line).
    let recount = app
        .sum_where(
            "orders",
            "total_units - refunded_units",
            "status IN ('paid', 'fulfilled') AND deleted_at IS NULL AND currency = 'EUR' \
             AND (person_id IS NULL OR person_id IN \
             (SELECT party_id FROM customer_purchases WHERE currency = 'EUR'))",
        )
        .await;
    assert_eq!(recount, 370_000);
}
