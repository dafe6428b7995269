//! Lead scoring: rules on a person's record or on events, applied to everyone by a job,
//! kept current for the people whose facts change by the sweeps, decaying with a
//! half-life, read by rule and over time, filtered and sorted on, and announced when a
//! score crosses a threshold.

use actix_web::http::Method;
use chrono::{Duration, Utc};
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

async fn person(app: &TestApp, t: &str, name: &str, stage: &str) -> String {
    id(&create(
        app,
        t,
        "/v1/people",
        json!({"first_name": name, "lifecycle_stage": stage}),
    )
    .await)
}

async fn score(app: &TestApp, t: &str, person: &str) -> Value {
    let r = app
        .get(&format!("/v1/people/{person}/score"))
        .bearer(t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

async fn points(app: &TestApp, t: &str, person: &str) -> i64 {
    score(app, t, person).await["score"].as_i64().unwrap()
}

/// The rule most tests use: 20 points for customers.
async fn customers_rule(app: &TestApp, t: &str) -> Value {
    create(
        app,
        t,
        "/v1/scoring-rules",
        json!({"name": "Customers", "points": 20,
               "condition": {"field": "lifecycle_stage", "op": "eq", "value": "customer"}}),
    )
    .await
}

/// Makes the organisation's next score sweep due now, as a minute passing would.
async fn sweep_now(app: &TestApp) {
    app.execute(
        "UPDATE jobs SET run_at = created_at WHERE kind = 'scores.sweep' AND status = 'queued'",
    )
    .await;
}

#[actix_web::test]
async fn a_condition_rule_scores_the_people_it_matches_once_its_job_has_run() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "customer").await;
    let bob = person(&app, &t, "Bob", "lead").await;
    let rule = customers_rule(&app, &t).await;
    assert_eq!(rule["active"], true);
    assert_eq!(rule["event"], Value::Null);
    assert_eq!(points(&app, &t, &ada).await, 0, "scores follow by a job");
    assert!(app.work().await >= 1);
    let s = score(&app, &t, &ada).await;
    assert_eq!(s["score"], 20);
    assert_eq!(
        s["parts"],
        json!([{"rule_id": rule["id"], "rule_name": "Customers", "points": 20}])
    );
    assert_eq!(s["history"][0]["previous"], 0);
    assert_eq!(s["history"][0]["score"], 20);
    assert_eq!(points(&app, &t, &bob).await, 0);
    let none = score(&app, &t, &bob).await;
    assert_eq!(none["updated_at"], Value::Null);
    assert_eq!(none["parts"], json!([]));
}

#[actix_web::test]
async fn event_rules_count_interactions_of_their_channel_purchases_and_matching_page_visits() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "lead").await;
    for (name, event, pts) in [
        (
            "Emails",
            json!({"kind": "interaction", "channel": "email"}),
            5,
        ),
        ("Purchases", json!({"kind": "order"}), 10),
        (
            "Pricing page",
            json!({"kind": "page_visit", "url_contains": "/PRICING"}),
            3,
        ),
    ] {
        create(
            &app,
            &t,
            "/v1/scoring-rules",
            json!({"name": name, "event": event, "points": pts}),
        )
        .await;
    }
    for channel in ["email", "email", "call"] {
        create(
            &app,
            &t,
            "/v1/interactions",
            json!({"channel": channel, "subject": "Hello", "person_ids": [ada]}),
        )
        .await;
    }
    for status in ["paid", "pending"] {
        create(
            &app,
            &t,
            "/v1/orders",
            json!({"person_id": ada, "currency": "EUR", "status": status,
                   "lines": [{"description": "Item", "quantity": "1",
                              "unit_price": {"amount": "10", "currency": "EUR"}}]}),
        )
        .await;
    }
    for url in ["https://shop.example/pricing", "https://shop.example/blog"] {
        create(
            &app,
            &t,
            &format!("/v1/people/{ada}/page-visits"),
            json!({"url": url}),
        )
        .await;
    }
    app.work().await;
    // Two emails, one paid order, one pricing page.
    let s = score(&app, &t, &ada).await;
    assert_eq!(s["score"], 2 * 5 + 10 + 3, "{s}");
    let parts: Vec<i64> = s["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["points"].as_i64().unwrap())
        .collect();
    assert_eq!(parts, vec![10, 10, 3], "largest first");
}

#[actix_web::test]
async fn an_events_points_halve_every_half_life() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "lead").await;
    let month_ago = (Utc::now() - Duration::days(30)).to_rfc3339();
    for at in [Utc::now().to_rfc3339(), month_ago] {
        create(
            &app,
            &t,
            "/v1/interactions",
            json!({"channel": "meeting", "occurred_at": at, "person_ids": [ada]}),
        )
        .await;
    }
    create(
        &app,
        &t,
        "/v1/scoring-rules",
        json!({"name": "Meetings", "event": {"kind": "interaction"}, "points": 10, "half_life_days": 30}),
    )
    .await;
    app.work().await;
    assert_eq!(points(&app, &t, &ada).await, 10 + 5);
}

#[actix_web::test]
async fn the_sweep_rescores_the_people_whose_facts_changed_since_it_last_looked() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "lead").await;
    customers_rule(&app, &t).await;
    app.work().await;
    assert_eq!(points(&app, &t, &ada).await, 0);
    let r = app
        .patch(&format!("/v1/people/{ada}"))
        .bearer(&t)
        .json(json!({"lifecycle_stage": "customer"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.work().await, 0, "the next sweep is a minute away");
    sweep_now(&app).await;
    assert_eq!(app.work().await, 1);
    assert_eq!(points(&app, &t, &ada).await, 20);
    assert_eq!(
        app.count("jobs WHERE kind = 'scores.sweep' AND status = 'queued'")
            .await,
        1,
        "each sweep queues the next"
    );
}

#[actix_web::test]
async fn deleting_a_rule_takes_its_points_away_and_restoring_it_brings_them_back() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "customer").await;
    let rule = customers_rule(&app, &t).await;
    app.work().await;
    let path = format!("/v1/scoring-rules/{}", id(&rule));
    let r = app.delete(&path).bearer(&t).send().await;
    assert_eq!(r.status, 204, "{}", r.text);
    app.work().await;
    assert_eq!(points(&app, &t, &ada).await, 0);
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.work().await;
    assert_eq!(points(&app, &t, &ada).await, 20);
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"active": false}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.work().await;
    let s = score(&app, &t, &ada).await;
    assert_eq!(s["score"], 0);
    let history: Vec<i64> = s["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_i64().unwrap())
        .collect();
    assert_eq!(history, vec![0, 20, 0, 20], "newest first");
}

#[actix_web::test]
async fn people_are_filtered_and_sorted_by_score() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "customer").await;
    let bob = person(&app, &t, "Bob", "lead").await;
    let cy = person(&app, &t, "Cy", "customer").await;
    customers_rule(&app, &t).await;
    create(
        &app,
        &t,
        "/v1/scoring-rules",
        json!({"name": "Named Cy", "points": 5,
               "condition": {"field": "first_name", "op": "eq", "value": "Cy"}}),
    )
    .await;
    app.work().await;
    let r = app
        .post("/v1/people/search")
        .bearer(&t)
        .json(json!({"filter": {"field": "score", "op": "gte", "value": 20}, "sort": "-score"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let ids: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![cy.as_str(), ada.as_str()]);
    let r = app
        .get("/v1/people?sort=score&limit=1")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["data"][0]["id"],
        bob.as_str(),
        "an unscored person scores 0"
    );
    let next = r.body["next_cursor"].as_str().unwrap();
    let r = app
        .get(&format!("/v1/people?sort=score&limit=5&cursor={next}"))
        .bearer(&t)
        .send()
        .await;
    let rest: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(rest, vec![ada.as_str(), cy.as_str()]);
}

#[actix_web::test]
async fn a_score_crossing_a_threshold_sends_person_score_changed() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .req(Method::PUT, "/v1/score-thresholds")
        .bearer(&t)
        .json(json!({"thresholds": [50, 10]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["thresholds"], json!([10, 50]));
    assert_eq!(r.header("etag"), Some("\"1\""));
    let ada = person(&app, &t, "Ada", "customer").await;
    person(&app, &t, "Bob", "lead").await;
    customers_rule(&app, &t).await;
    app.work().await;
    let sent = "outbox_events WHERE event_type = 'person.score_changed'";
    assert_eq!(
        app.count(sent).await,
        1,
        "Ada crossed 10; Bob moved nowhere"
    );
    let r = app
        .get(&format!("/v1/audit-events?resource_id={ada}"))
        .bearer(&t)
        .send()
        .await;
    assert!(r.text.contains("person.score_changed"), "{}", r.text);
    assert!(r.text.contains("thresholds_crossed"), "{}", r.text);
}

#[actix_web::test]
async fn a_rule_naming_an_unknown_field_or_both_triggers_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let cases = [
        (
            json!({"name": "Shoes", "points": 5, "condition": {"field": "shoe_size", "op": "eq", "value": "9"}}),
            "condition",
        ),
        (
            json!({"name": "Both", "points": 5, "event": {"kind": "order"},
                   "condition": {"field": "first_name", "op": "eq", "value": "Ada"}}),
            "condition",
        ),
        (
            json!({"name": "Circular", "points": 5, "condition": {"field": "score", "op": "gt", "value": 1}}),
            "condition",
        ),
        (
            json!({"name": "Decaying", "points": 5, "half_life_days": 7,
                   "condition": {"field": "first_name", "op": "eq", "value": "Ada"}}),
            "half_life_days",
        ),
        (
            json!({"name": "Zero", "points": 0, "event": {"kind": "order"}}),
            "points",
        ),
        (
            json!({"name": "Channel", "points": 5, "event": {"kind": "order", "channel": "email"}}),
            "event.channel",
        ),
    ];
    for (body, field) in cases {
        let r = app
            .post("/v1/scoring-rules")
            .bearer(&t)
            .json(body)
            .send()
            .await;
        assert_eq!(r.status, 422, "{}", r.text);
        assert!(
            r.error_fields().iter().any(|f| f.starts_with(field)),
            "{field}: {}",
            r.text
        );
    }
    assert_eq!(app.count("scoring_rules").await, 0);
    assert_eq!(app.count("jobs WHERE kind LIKE 'scores.%'").await, 0);
    let r = app
        .req(Method::PUT, "/v1/score-thresholds")
        .bearer(&t)
        .json(json!({"thresholds": [10, 10]}))
        .send()
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.error_fields(), vec!["thresholds[1]"]);
}

#[actix_web::test]
async fn a_rule_may_name_custom_fields_and_a_stale_version_is_refused() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    create(
        &app,
        &t,
        "/v1/custom-fields",
        json!({"resource": "person", "key": "seats", "label": "Seats", "type": "number"}),
    )
    .await;
    let ada = id(&create(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Ada", "custom_fields": {"seats": 40}}),
    )
    .await);
    let rule = create(
        &app,
        &t,
        "/v1/scoring-rules",
        json!({"name": "Big teams", "points": 15,
               "condition": {"field": "custom_fields.seats", "op": "gte", "value": 25}}),
    )
    .await;
    app.work().await;
    assert_eq!(points(&app, &t, &ada).await, 15);
    let path = format!("/v1/scoring-rules/{}", id(&rule));
    let first = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"points": 30}))
        .send()
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"points": 40}))
        .send()
        .await;
    assert_eq!(second.status, 412, "{}", second.text);
    app.work().await;
    assert_eq!(points(&app, &t, &ada).await, 30);
}

#[actix_web::test]
async fn a_page_visit_of_an_unknown_person_is_404_and_sales_cannot_shape_rules() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people/0190a1b2-0000-7000-8000-000000000000/page-visits")
        .bearer(&t)
        .json(json!({"url": "https://shop.example/pricing"}))
        .send()
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
    app.create_user(&t, "sam@example.com", "sales").await;
    let sales = app.login("sam@example.com").await;
    let r = app
        .post("/v1/scoring-rules")
        .bearer(&sales)
        .json(json!({"name": "Orders", "points": 5, "event": {"kind": "order"}}))
        .send()
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = app.get("/v1/scoring-rules").bearer(&sales).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[actix_web::test]
async fn erasing_a_person_removes_the_pages_they_visited_and_their_journal_entries() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada", "lead").await;
    create(
        &app,
        &t,
        &format!("/v1/people/{ada}/page-visits"),
        json!({"url": "https://shop.example/private-health-plans", "title": "Health plans"}),
    )
    .await;
    let journaled = "outbox_events WHERE event_type = 'person.page_visited' AND payload LIKE '%private-health%'";
    assert_eq!(app.count(journaled).await, 1);
    let r = app
        .post(&format!("/v1/people/{ada}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.count("page_visits").await, 0);
    assert_eq!(app.count(journaled).await, 0);
    assert_eq!(
        app.count("audit_events WHERE changes LIKE '%private-health%'")
            .await,
        0
    );
}

#[actix_web::test]
async fn a_rule_moving_more_scores_than_one_page_moves_every_one_of_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for b in 0..11 {
        let items: Vec<Value> = (0..100)
            .map(|i| json!({"action": "create", "person": {"first_name": format!("P{b}-{i}"), "lifecycle_stage": "customer"}}))
            .collect();
        let r = app
            .post("/v1/people/batch?atomic=true")
            .bearer(&t)
            .json(json!({"items": items}))
            .send()
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let rule = customers_rule(&app, &t).await;
    app.work().await;
    assert_eq!(app.count("person_scores WHERE score = 20").await, 1100);
    assert_eq!(app.count("person_score_changes").await, 1100);
    let r = app
        .delete(&format!("/v1/scoring-rules/{}", id(&rule)))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    app.work().await;
    assert_eq!(app.count("person_scores WHERE score = 0").await, 1100);
    assert_eq!(app.count("person_score_changes").await, 2200);
}

#[actix_web::test]
async fn a_sweep_that_used_its_last_attempt_queues_the_next_so_the_sweeps_go_on() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    create(
        &app,
        &t,
        "/v1/scoring-rules",
        json!({"name": "Purchases", "points": 10, "event": {"kind": "order"}}),
    )
    .await;
    app.work().await;
    app.execute(
        "UPDATE jobs SET run_at = created_at, attempts = max_attempts WHERE kind = 'scores.sweep'",
    )
    .await;
    assert_eq!(app.work().await, 1);
    assert_eq!(
        app.count("jobs WHERE kind = 'scores.sweep' AND status = 'dead'")
            .await,
        1
    );
    assert_eq!(
        app.count("jobs WHERE kind = 'scores.sweep' AND status = 'queued'")
            .await,
        1,
        "the next sweep is queued"
    );
}
