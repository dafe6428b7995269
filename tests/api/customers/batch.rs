//! Batches: each item stands alone, or all or nothing; upserts by email or external_id.

use crm_tests::TestApp;
use serde_json::{Value, json};

#[actix_web::test]
async fn each_item_stands_alone_and_reports_its_own_result() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "create", "person": {"first_name": "Ada", "emails": [{"address": "ada@example.com"}]}},
            {"action": "create", "person": {"first_name": "Bad", "emails": [{"address": "nope"}]}},
            {"action": "create", "person": {"first_name": "Grace", "nickname": "amazing"}},
            {"action": "update", "id": uuid::Uuid::now_v7(), "person": {"first_name": "Ghost"}},
            {"action": "create", "person": {"first_name": "Alan"}},
        ]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.statuses(), [201, 422, 422, 404, 201]);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(
        results[1]["error"]["errors"][0]["field"],
        "items[1].emails[0]"
    );
    assert_eq!(
        results[1]["error"]["instance"], "#/items/1",
        "an item's problem points at the item"
    );
    assert_eq!(
        results[2]["error"]["errors"][0]["field"],
        "items[2].nickname"
    );
    assert_eq!(results[0]["data"]["first_name"], "Ada");
    assert_eq!(app.count("people").await, 2);
}

#[actix_web::test]
async fn an_atomic_batch_with_one_failure_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let items = json!([
        {"action": "create", "person": {"first_name": "Ada", "external_id": "x-1"}},
        {"action": "create", "person": {"first_name": "Grace", "external_id": "x-1"}},
    ]);
    let r = app
        .post("/v1/people/batch?atomic=true")
        .bearer(&t)
        .json(json!({"items": items}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["items[1]"],
        "the conflict is named: {}",
        r.text
    );
    assert_eq!(app.count("people").await, 0);
    assert_eq!(
        app.count("audit_events").await,
        2,
        "only the sign-up's entries"
    );
    let r = app
        .post("/v1/people/batch?atomic=true")
        .bearer(&t)
        .json(json!({"items": [{"action": "create", "person": {"first_name": "Ada"}}, {"action": "create", "person": {}}]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(app.count("people").await, 0);
    let ok = app
        .post("/v1/people/batch?atomic=true")
        .bearer(&t)
        .json(json!({"items": [items[0].clone()]}))
        .send()
        .await;
    assert_eq!(ok.statuses(), [201]);
}

#[actix_web::test]
async fn upserts_match_on_email_or_external_id() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let upsert =
        |on: &str, person: Value| json!({"action": "upsert", "match_on": on, "person": person});
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": [
            upsert("email", json!({"first_name": "Ada", "emails": [{"address": "ADA@example.com"}], "tags": ["a"]})),
            upsert("external_id", json!({"first_name": "Grace", "external_id": "g-1"})),
        ]}))
        .send()
        .await;
    assert_eq!(r.statuses(), [201, 201], "{}", r.text);
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": [
            upsert("email", json!({"last_name": "Lovelace", "emails": [{"address": "ada@example.com"}]})),
            upsert("external_id", json!({"external_id": "g-1", "lifecycle_stage": "customer"})),
            upsert("email", json!({"first_name": "No key"})),
        ]}))
        .send()
        .await;
    assert_eq!(r.statuses(), [200, 200, 422], "{}", r.text);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(
        results[0]["data"]["first_name"], "Ada",
        "absent fields stay"
    );
    assert_eq!(results[0]["data"]["last_name"], "Lovelace");
    assert_eq!(results[0]["data"]["tags"], json!(["a"]));
    assert_eq!(results[1]["data"]["lifecycle_stage"], "customer");
    assert_eq!(app.count("people").await, 2);
    // Two people with one email: an upsert cannot choose.
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Twin", "emails": [{"address": "ada@example.com"}]}))
        .send()
        .await;
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(
            json!({"items": [upsert("email", json!({"emails": [{"address": "ada@example.com"}]}))]}),
        )
        .send()
        .await;
    assert_eq!(r.statuses(), [409]);
}

#[actix_web::test]
async fn batches_hold_one_to_a_hundred_items() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"action": "create", "person": {"first_name": format!("P{i}")}}))
        .collect();
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": many}))
        .send()
        .await;
    let p = r.problem(413, "batch_too_large");
    assert!(p["detail"].as_str().unwrap().contains("at most 100"));
    assert_eq!(p["errors"][0]["field"], "items");
    assert_eq!(p["errors"][0]["code"], "too_many");
    app.post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": []}))
        .send()
        .await
        .problem(422, "validation");
    let hundred: Vec<Value> = (0..100)
        .map(|i| json!({"action": "create", "person": {"first_name": format!("P{i}")}}))
        .collect();
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": hundred}))
        .send()
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(app.count("people").await, 100);
}

#[actix_web::test]
async fn a_malformed_item_envelope_refuses_the_whole_batch() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people/batch")
        .bearer(&t)
        .json(json!({"items": [{"action": "create", "person": {"first_name": "Ada"}}, {"action": "delete", "person": {}}]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["items[1].action"]);
    assert_eq!(app.count("people").await, 0);
}
