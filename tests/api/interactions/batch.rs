//! Interaction batches: each item stands alone, or all or nothing; upserts on
//! external_id make a call log sent twice write once.

use super::logging::person;
use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn each_interaction_item_stands_alone_and_reports_its_own_result() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let r = app
        .post("/v1/interactions/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "create", "interaction": {"channel": "call", "direction": "inbound", "subject": "Price", "person_ids": [ada], "tags": ["Pricing"]}},
            {"action": "create", "interaction": {"channel": "pigeon", "person_ids": [ada]}},
            {"action": "create", "interaction": {"channel": "call", "person_ids": [ada, uuid::Uuid::now_v7()]}},
            {"action": "update", "id": uuid::Uuid::now_v7(), "interaction": {"subject": "Ghost"}},
            {"action": "create", "interaction": {"channel": "note", "body": "Prefers email", "person_ids": [ada], "follow_up": {"title": "Send the brochure", "due_at": "2030-01-02T09:00:00Z"}}},
        ]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.statuses(), [201, 422, 422, 404, 201]);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[0]["data"]["subject"], "Price");
    assert_eq!(results[0]["data"]["tags"], json!(["pricing"]));
    assert_eq!(
        results[1]["error"]["errors"][0]["field"],
        "items[1].channel"
    );
    assert_eq!(results[1]["error"]["instance"], "#/items/1");
    assert_eq!(
        results[2]["error"]["errors"][0]["field"],
        "items[2].person_ids[1]"
    );
    assert_eq!(app.count("interactions").await, 2);
    assert_eq!(app.count("tasks").await, 1, "the note's follow-up task");
    let listed = app
        .get(&format!("/v1/interactions?person_id={ada}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn a_call_log_sent_twice_as_upserts_on_external_id_writes_each_call_once() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let log = |outcome: &str| {
        json!({"items": [
            {"action": "upsert", "match_on": "external_id", "interaction": {"channel": "call", "direction": "inbound", "occurred_at": "2026-12-01T09:30:00Z", "duration_seconds": 60, "external_id": "pbx-1", "outcome": outcome, "person_ids": [ada]}},
            {"action": "upsert", "match_on": "external_id", "interaction": {"channel": "call", "direction": "outbound", "occurred_at": "2026-12-01T10:00:00Z", "external_id": "pbx-2", "person_ids": [ada]}},
        ]})
    };
    let first = app
        .post("/v1/interactions/batch")
        .bearer(&t)
        .json(log("Voicemail"))
        .send()
        .await;
    assert_eq!(first.statuses(), [201, 201], "{}", first.text);
    let id = first.body["results"][0]["data"]["id"].clone();
    let again = app
        .post("/v1/interactions/batch")
        .bearer(&t)
        .json(log("Talked"))
        .send()
        .await;
    assert_eq!(again.statuses(), [200, 200], "{}", again.text);
    assert_eq!(again.body["results"][0]["data"]["id"], id);
    assert_eq!(again.body["results"][0]["data"]["outcome"], "Talked");
    assert_eq!(again.body["results"][0]["data"]["version"], 2);
    assert_eq!(app.count("interactions").await, 2);
    let read = app
        .get(&format!("/v1/interactions/{}", id.as_str().unwrap()))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(read.body["outcome"], "Talked", "the upsert was stored");
}

#[actix_web::test]
async fn an_interaction_upsert_names_its_key_and_holds_it() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let r = app
        .post("/v1/interactions/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "upsert", "interaction": {"channel": "call", "external_id": "x", "person_ids": [ada]}},
            {"action": "upsert", "match_on": "external_id", "interaction": {"channel": "call", "person_ids": [ada]}},
            {"action": "update", "interaction": {"subject": "No id"}},
        ]}))
        .send()
        .await;
    assert_eq!(r.statuses(), [422, 422, 422], "{}", r.text);
    assert_eq!(r.error_fields_of(0), ["items[0].match_on"], "{}", r.text);
    assert_eq!(r.error_fields_of(1), ["items[1].interaction.external_id"]);
    assert_eq!(r.error_fields_of(2), ["items[2].id"]);
    assert_eq!(app.count("interactions").await, 0);
}

#[actix_web::test]
async fn an_atomic_interaction_batch_with_one_failure_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let journal = app.count("audit_events").await;
    let r = app
        .post("/v1/interactions/batch?atomic=true")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "create", "interaction": {"channel": "call", "external_id": "c-1", "person_ids": [ada], "follow_up": {"title": "Call back", "due_at": "2030-01-02T09:00:00Z"}}},
            {"action": "create", "interaction": {"channel": "call", "external_id": "c-1", "person_ids": [ada]}},
        ]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["items[1]"], "{}", r.text);
    assert_eq!(app.count("interactions").await, 0);
    assert_eq!(app.count("tasks").await, 0);
    assert_eq!(app.count("audit_events").await, journal);
}

#[actix_web::test]
async fn an_interaction_batch_needs_the_right_to_log_and_correct() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    app.create_user(&t, "viewer@example.com", "viewer").await;
    let vt = app.login("viewer@example.com").await;
    app.post("/v1/interactions/batch")
        .bearer(&vt)
        .json(json!({"items": [{"action": "create", "interaction": {"channel": "note", "person_ids": [ada]}}]}))
        .send()
        .await
        .problem(403, "forbidden");
    let items: Vec<_> = (0..101)
        .map(|_| json!({"action": "create", "interaction": {"channel": "note", "person_ids": [ada]}}))
        .collect();
    app.post("/v1/interactions/batch")
        .bearer(&t)
        .json(json!({"items": items}))
        .send()
        .await
        .problem(413, "batch_too_large");
    assert_eq!(app.count("interactions").await, 0);
}
