//! Spend: a customer's purchases summed exactly per currency net of refunds, kept equal
//! to a SQL sum over the orders through payments, refunds, cancellations, deletes,
//! restores and merges, and people found and sorted by what they spent and bought.

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

fn money(amount: &str, currency: &str) -> Value {
    json!({"amount": amount, "currency": currency})
}

/// An order of `person` on `day` of one line at `price`, in `status`.
async fn order(
    app: &TestApp,
    t: &str,
    person: &str,
    day: &str,
    price: Value,
    status: &str,
) -> Value {
    let currency = price["currency"].clone();
    create(
        app,
        t,
        "/v1/orders",
        json!({"person_id": person, "currency": currency, "order_date": day, "status": status,
               "lines": [{"description": "Item", "quantity": "1", "unit_price": price}]}),
    )
    .await
}

/// The customers' lines of purchases as stored, against a SQL sum over the orders that
/// are purchases (one organisation and one currency in these tests).
async fn stored_lines_match_the_orders(app: &TestApp) -> (i64, i64) {
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

#[actix_web::test]
async fn what_a_customer_spent_stays_equal_to_the_sum_of_their_purchases() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = id(&create(&app, &t, "/v1/people", json!({"first_name": "Ada"})).await);
    let a = order(&app, &t, &ada, "2027-01-01", money("100.10", "EUR"), "paid").await;
    order(
        &app,
        &t,
        &ada,
        "2027-01-31",
        money("0.20", "EUR"),
        "fulfilled",
    )
    .await;
    order(&app, &t, &ada, "2027-03-02", money("0.30", "EUR"), "paid").await;
    // Not purchases: pending and cancelled orders.
    order(&app, &t, &ada, "2027-04-01", money("999", "EUR"), "pending").await;
    order(
        &app,
        &t,
        &ada,
        "2027-04-02",
        money("999", "EUR"),
        "cancelled",
    )
    .await;
    let (line, sum) = stored_lines_match_the_orders(&app).await;
    assert_eq!((line, sum), (1_006_000, 1_006_000));
    let r = app
        .get(&format!("/v1/people/{ada}/spend"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["currencies"],
        json!([{"spent": money("100.60", "EUR"), "order_count": 3,
                "first_order_date": "2027-01-01", "last_order_date": "2027-03-02",
                "average_days_between_orders": "30"}])
    );
    // A refund, a delete and a restore each keep the line equal to the orders.
    let refund = app
        .post(&format!("/v1/orders/{}/refunds", id(&a)))
        .bearer(&t)
        .json(json!({"amount": money("0.10", "EUR")}))
        .send()
        .await;
    assert_eq!(refund.status, 200, "{}", refund.text);
    assert_eq!(
        stored_lines_match_the_orders(&app).await,
        (1_005_000, 1_005_000)
    );
    let path = format!("/v1/orders/{}", id(&a));
    let gone = app.delete(&path).bearer(&t).send().await;
    assert_eq!(gone.status, 204, "{}", gone.text);
    assert_eq!(stored_lines_match_the_orders(&app).await, (5_000, 5_000));
    let back = app
        .post(&format!("{path}/restore"))
        .bearer(&t)
        .json(json!({}))
        .send()
        .await;
    assert_eq!(back.status, 200, "{}", back.text);
    assert_eq!(
        stored_lines_match_the_orders(&app).await,
        (1_005_000, 1_005_000)
    );
    // Paying a pending order makes it a purchase.
    let r = app
        .get(&format!("/v1/orders?person_id={ada}&status=pending"))
        .bearer(&t)
        .send()
        .await;
    let pending = format!(
        "/v1/orders/{}",
        r.body["data"][0]["id"].as_str().unwrap_or_default()
    );
    let paid = app
        .patch(&pending)
        .bearer(&t)
        .json(json!({"status": "paid"}))
        .send()
        .await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    assert_eq!(
        stored_lines_match_the_orders(&app).await,
        (10_995_000, 10_995_000)
    );
    // A duplicate merged into her brings its purchases; its own line is gone.
    let dup = id(&create(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Ada", "last_name": "L."}),
    )
    .await);
    order(&app, &t, &dup, "2027-05-01", money("5", "EUR"), "paid").await;
    let merged = app
        .post(&format!("/v1/people/{ada}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [dup]}))
        .send()
        .await;
    assert_eq!(merged.status, 200, "{}", merged.text);
    assert_eq!(
        stored_lines_match_the_orders(&app).await,
        (11_045_000, 11_045_000)
    );
    assert_eq!(
        app.sum_where(
            "customer_purchases",
            "order_count",
            &format!("party_id = '{dup}'")
        )
        .await,
        0
    );
}

#[actix_web::test]
async fn people_are_found_and_sorted_by_what_they_spent_and_bought() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let seat = create(
        &app,
        &t,
        "/v1/products",
        json!({"sku": "SEAT", "name": "Seat", "prices": [money("10", "EUR")]}),
    )
    .await;
    let mut ids = Vec::new();
    for name in ["Ada", "Grace", "Edsger"] {
        ids.push(id(&create(
            &app,
            &t,
            "/v1/people",
            json!({"first_name": name}),
        )
        .await));
    }
    let (ada, grace) = (&ids[0], &ids[1]);
    order(&app, &t, ada, "2027-01-01", money("50", "EUR"), "paid").await;
    create(
        &app,
        &t,
        "/v1/orders",
        json!({"person_id": grace, "currency": "EUR", "order_date": "2027-02-01", "status": "paid",
               "lines": [{"product_id": id(&seat), "quantity": "12"}]}),
    )
    .await;
    let bought = app
        .get(&format!("/v1/people/{grace}/spend"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(bought.status, 200, "{}", bought.text);
    assert_eq!(
        bought.body["products"],
        json!([{"product_id": seat["id"], "sku": "SEAT", "quantity": "12", "order_count": 1,
                "last_order_date": "2027-02-01"}])
    );
    assert_eq!(
        bought.body["currencies"][0]["spent"],
        money("120.00", "EUR")
    );
    let names = |r: &crm_tests::Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["first_name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let search = |filter: Value, sort: &str| {
        app.post("/v1/people/search")
            .bearer(&t)
            .json(json!({"filter": filter, "sort": sort}))
    };
    let r = search(
        json!({"all": [{"field": "spend.total", "op": "gte", "value": "100"}, {"field": "spend.currency", "op": "eq", "value": "EUR"}]}),
        "created_at",
    )
    .send()
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["Grace"]);
    let r = search(
        json!({"field": "orders.product", "op": "eq", "value": id(&seat)}),
        "created_at",
    )
    .send()
    .await;
    assert_eq!(names(&r), ["Grace"]);
    let r = search(
        json!({"field": "orders.count", "op": "is_null", "value": true}),
        "created_at",
    )
    .send()
    .await;
    assert_eq!(names(&r), ["Edsger"]);
    let r = search(
        json!({"field": "orders.last_at", "op": "lt", "value": "2027-01-15"}),
        "created_at",
    )
    .send()
    .await;
    assert_eq!(names(&r), ["Ada"]);
    // Sorted by spend, most first, people without purchases last; paged by cursor.
    let r = app
        .get("/v1/people?sort=-spend.total&limit=2")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["Grace", "Ada"]);
    let cursor = r.body["next_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let next = app
        .req(
            Method::GET,
            &format!("/v1/people?sort=-spend.total&limit=2&cursor={cursor}"),
        )
        .bearer(&t)
        .send()
        .await;
    assert_eq!(next.status, 200, "{}", next.text);
    assert_eq!(names(&next), ["Edsger"]);
}

#[actix_web::test]
async fn orders_of_one_customer_written_at_once_all_count_in_their_spend() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = id(&create(&app, &t, "/v1/people", json!({"first_name": "Ada"})).await);
    let writes = (1..=12).map(|i| {
        app.post("/v1/orders")
            .bearer(&t)
            .json(json!({"person_id": ada, "currency": "EUR", "status": "paid",
                         "lines": [{"description": "Item", "quantity": format!("{i}"), "unit_price": money("1.01", "EUR")}]}))
            .send()
    });
    for r in futures_util::future::join_all(writes).await {
        assert_eq!(r.status, 201, "{}", r.text);
    }
    // 1.01 × (1 + 2 + … + 12) = 78.78.
    assert_eq!(
        stored_lines_match_the_orders(&app).await,
        (787_800, 787_800)
    );
    let r = app
        .get(&format!("/v1/people/{ada}/spend"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["currencies"][0]["order_count"], 12);
}

#[actix_web::test]
async fn an_erased_customers_orders_keep_their_sums_but_lose_their_notes() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = id(&create(&app, &t, "/v1/people", json!({"first_name": "Ada"})).await);
    let o = create(
        &app,
        &t,
        "/v1/orders",
        json!({"person_id": ada, "currency": "EUR", "status": "paid",
               "notes": "Deliver to Ada at the back door",
               "lines": [{"description": "Item", "quantity": "3", "unit_price": money("2.50", "EUR")}]}),
    )
    .await;
    let erased = app
        .post(&format!("/v1/people/{ada}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(erased.status, 200, "{}", erased.text);
    let r = app
        .get(&format!("/v1/orders/{}", id(&o)))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["notes"], Value::Null);
    assert_eq!(r.body["total"], money("7.50", "EUR"));
    assert_eq!(stored_lines_match_the_orders(&app).await, (75_000, 75_000));
    let audit = app
        .get(&format!("/v1/audit-events?resource_id={}&limit=50", id(&o)))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    assert!(!audit.text.contains("back door"), "{}", audit.text);
}

#[actix_web::test]
async fn companies_are_found_and_sorted_by_what_they_spent_too() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let mut ids = Vec::new();
    for name in ["Acme", "Globex", "Initech"] {
        ids.push(id(&create(
            &app,
            &t,
            "/v1/companies",
            json!({"name": name}),
        )
        .await));
    }
    for (company, amount) in [(&ids[0], "10"), (&ids[1], "250")] {
        create(
            &app,
            &t,
            "/v1/orders",
            json!({"company_id": company, "currency": "EUR", "status": "fulfilled",
                   "lines": [{"description": "Item", "quantity": "1", "unit_price": money(amount, "EUR")}]}),
        )
        .await;
    }
    let names = |r: &crm_tests::Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let r = app
        .post("/v1/companies/search")
        .bearer(&t)
        .json(json!({"filter": {"field": "spend.total", "op": "gt", "value": "100"}}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["Globex"]);
    let r = app
        .get("/v1/companies?sort=-spend.total")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["Globex", "Acme", "Initech"]);
}
