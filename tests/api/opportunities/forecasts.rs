//! Forecasts: open, weighted and won amounts per period, owner and currency, summed
//! exactly on both databases (0.10 + 0.20 is 0.30, never 0.30000000000000004), with
//! each owner's win rate; another organisation's opportunities never counted.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn deal(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app
        .post("/v1/opportunities")
        .bearer(t)
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn money(amount: &str, currency: &str) -> Value {
    json!({"amount": amount, "currency": currency})
}

#[actix_web::test]
async fn a_forecast_sums_open_weighted_and_won_amounts_exactly_per_quarter_owner_and_currency() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = app
        .post("/v1/pipelines")
        .bearer(&t)
        .json(json!({"name": "Sales"}))
        .send()
        .await;
    let stage = |i: usize| p.body["stages"][i]["id"].clone();
    let ada = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada"}))
        .send()
        .await;
    let ada = ada.body["id"].clone();
    let me = app.get("/v1/me").bearer(&t).send().await.body["id"].clone();
    for (amount, currency, close, st) in [
        ("0.10", "EUR", "2027-01-15", 0), // Qualification, 10%
        ("0.20", "EUR", "2027-02-10", 3), // Negotiation, 75%
        ("50", "USD", "2027-01-20", 2),   // Proposal, 50%
        ("1000.05", "EUR", "2027-03-01", 0),
        ("70", "EUR", "2027-04-02", 0),
        ("999", "EUR", "2028-01-01", 0), // after the window
    ] {
        deal(
            &app,
            &t,
            json!({"name": "Deal", "person_id": ada, "amount": money(amount, currency),
                   "expected_close_date": close, "stage_id": stage(st)}),
        )
        .await;
    }
    deal(
        &app,
        &t,
        json!({"name": "No amount", "person_id": ada, "expected_close_date": "2027-01-02"}),
    )
    .await;
    // Win the 1000.05 and lose the 70.
    let list = app
        .get("/v1/opportunities?sort=created_at")
        .bearer(&t)
        .send()
        .await;
    for (i, status) in [(3, "won"), (4, "lost")] {
        let id = list.body["data"][i]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let r = app
            .patch(&format!("/v1/opportunities/{id}"))
            .bearer(&t)
            .json(json!({"status": status}))
            .send()
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    // Another organisation's opportunities are never counted.
    let other = app.owner_token("other@example.org").await;
    app.post("/v1/pipelines")
        .bearer(&other)
        .json(json!({"name": "S"}))
        .send()
        .await;
    let bob = app
        .post("/v1/people")
        .bearer(&other)
        .json(json!({"first_name": "Bob"}))
        .send()
        .await;
    deal(&app, &other, json!({"name": "Theirs", "person_id": bob.body["id"], "amount": money("5", "EUR"), "expected_close_date": "2027-01-10"})).await;

    let r = app
        .get("/v1/forecasts?period=quarter&group_by=owner&from=2026-12-01&to=2027-12-31")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let row = |x: &Value| {
        (
            x["period"].as_str().unwrap_or_default().to_string(),
            x["currency"].as_str().unwrap_or_default().to_string(),
            x["open"].as_str().unwrap_or_default().to_string(),
            x["weighted"].as_str().unwrap_or_default().to_string(),
            x["won"].as_str().unwrap_or_default().to_string(),
            (
                x["open_count"].clone(),
                x["won_count"].clone(),
                x["lost_count"].clone(),
            ),
        )
    };
    let rows: Vec<_> = r.body["rows"]
        .as_array()
        .map(|a| a.iter().map(row).collect())
        .unwrap_or_default();
    let s = |v: &str| v.to_string();
    assert_eq!(
        rows,
        [
            (
                s("2027-Q1"),
                s("EUR"),
                s("0.30"),
                s("0.16"),
                s("1000.05"),
                (json!(2), json!(1), json!(0))
            ),
            (
                s("2027-Q1"),
                s("USD"),
                s("50.00"),
                s("25.00"),
                s("0.00"),
                (json!(1), json!(0), json!(0))
            ),
            (
                s("2027-Q2"),
                s("EUR"),
                s("0.00"),
                s("0.00"),
                s("0.00"),
                (json!(0), json!(0), json!(1))
            ),
        ],
        "{}",
        r.text
    );
    assert!(
        r.body["rows"]
            .as_array()
            .is_some_and(|a| a.iter().all(|x| x["group"] == me))
    );
    assert_eq!(r.body["owners"][0]["owner_id"], me);
    assert_eq!(r.body["owners"][0]["win_rate"], "0.5");
    assert_eq!(r.body["owners"][0]["average_cycle_days"], "0");

    let months = app
        .get("/v1/forecasts?period=month&group_by=stage&from=2027-01-01&to=2027-01-31")
        .bearer(&t)
        .send()
        .await;
    let periods: Vec<&str> = months.body["rows"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["period"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(periods, ["2027-01", "2027-01"], "{}", months.text);

    let backwards = app
        .get("/v1/forecasts?period=month&group_by=owner&from=2027-02-01&to=2027-01-01")
        .bearer(&t)
        .send()
        .await;
    backwards.problem(422, "validation");
    assert_eq!(backwards.error_fields(), ["to"]);
}
