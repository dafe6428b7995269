//! Interactions: logged, read, corrected, deleted and restored; checked field by field;
//! listed and searched.

use crm_tests::TestApp;
use serde_json::{Value, json};

pub(crate) async fn person(app: &TestApp, t: &str, name: &str) -> String {
    let r = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": name}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

pub(super) async fn interaction(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app
        .post("/v1/interactions")
        .bearer(t)
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn subjects(r: &crm_tests::Reply) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["subject"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[actix_web::test]
async fn a_call_is_logged_read_corrected_deleted_and_restored_with_its_journal() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let c = interaction(&app, &t, json!({"channel": "call", "direction": "outbound", "occurred_at": "2026-12-01T09:30:00Z", "duration_seconds": 540, "subject": "Renewal", "body": "Asked for the price list.", "outcome": "Call back Friday", "person_ids": [ada], "tags": ["Renewal"]})).await;
    assert_eq!(c["channel"], "call");
    assert_eq!(c["person_ids"], json!([ada]));
    assert_eq!(c["tags"], json!(["renewal"]));
    assert_eq!(c["social"], Value::Null);
    assert!(c["logged_by"].is_string(), "{c}");
    let path = format!("/v1/interactions/{}", c["id"].as_str().unwrap());
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(r.body, c);
    assert_eq!(r.header("etag"), Some("\"1\""));
    let u = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"outcome": "Agreed to renew", "duration_seconds": null}))
        .send()
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(u.body["outcome"], "Agreed to renew");
    assert_eq!(u.body["duration_seconds"], Value::Null);
    assert_eq!(u.body["subject"], "Renewal");
    assert_eq!(u.body["version"], 2);
    app.patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"outcome": "stale"}))
        .send()
        .await
        .problem(412, "precondition_failed");
    assert_eq!(app.delete(&path).bearer(&t).send().await.status, 204);
    app.get(&path)
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["outcome"], "Agreed to renew");
    for kind in ["created", "updated", "deleted", "restored"] {
        let sql = format!("outbox_events WHERE event_type = 'interaction.{kind}'");
        assert_eq!(app.count(&sql).await, 1, "{kind}");
    }
}

#[actix_web::test]
async fn a_bad_interaction_names_every_wrong_field_at_once_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "note", "direction": "inbound", "duration_seconds": -5, "subject": "s".repeat(301), "social": {"network": "x", "visibility": "public"}}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "person_ids",
            "direction",
            "duration_seconds",
            "subject",
            "social"
        ]
    );
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "fax", "person_ids": []}))
        .send()
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.error_fields(), ["channel"]);
    assert_eq!(app.count("interactions").await, 0);
}

#[actix_web::test]
async fn a_social_post_keeps_its_network_and_loses_it_when_it_becomes_a_call() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "social", "person_ids": [ada], "social": {"network": " ", "url": "ftp://x", "visibility": "public"}}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["social.network", "social.url"]);
    let s = interaction(&app, &t, json!({"channel": "social", "direction": "inbound", "person_ids": [ada], "subject": "Complaint about delivery", "social": {"network": "mastodon", "url": "https://social.example/@ada/1", "visibility": "public"}})).await;
    assert_eq!(s["social"]["network"], "mastodon");
    assert_eq!(s["social"]["visibility"], "public");
    let path = format!("/v1/interactions/{}", s["id"].as_str().unwrap());
    let u = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"social": {"network": "mastodon", "visibility": "private"}}))
        .send()
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(u.body["social"]["url"], Value::Null);
    let u = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"channel": "call"}))
        .send()
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(u.body["social"], Value::Null);
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"channel": "social"}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["social"]);
    app.patch(&path)
        .bearer(&t)
        .json(json!({"channel": null}))
        .send()
        .await
        .problem(422, "validation");
}

#[actix_web::test]
async fn a_persons_history_is_listed_newest_first_and_searched_by_channel_and_text() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let bob = person(&app, &t, "Bob").await;
    for (day, channel, subject, who) in [
        ("01", "call", "First call", &ada),
        ("03", "email", "Quote sent", &ada),
        ("02", "meeting", "Workshop", &bob),
        ("04", "call", "Follow-up call", &ada),
    ] {
        interaction(&app, &t, json!({"channel": channel, "occurred_at": format!("2026-11-{day}T10:00:00Z"), "subject": subject, "person_ids": [who]})).await;
    }
    let r = app
        .get(&format!(
            "/v1/interactions?person_id={ada}&sort=-occurred_at"
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(subjects(&r), ["Follow-up call", "Quote sent", "First call"]);
    let r = app
        .get("/v1/interactions?channel=call&occurred_after=2026-11-02&sort=occurred_at")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(subjects(&r), ["Follow-up call"]);
    let r = app
        .get("/v1/interactions?q=workshop")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(subjects(&r), ["Workshop"]);
    let r = app
        .post("/v1/interactions/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [{"field": "person_id", "op": "neq", "value": ada}]}}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(subjects(&r), ["Workshop"]);
    let r = app
        .post("/v1/interactions/search")
        .bearer(&t)
        .json(json!({"filter": {"field": "channel", "op": "in", "value": ["call", "fax"]}}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["filter.value[1]"]);
}

#[actix_web::test]
async fn interactions_carry_the_organisations_custom_fields() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "interaction", "key": "sentiment", "label": "Sentiment", "type": "enum", "options": ["happy", "angry"]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let ada = person(&app, &t, "Ada").await;
    let i = interaction(
        &app,
        &t,
        json!({"channel": "chat", "person_ids": [ada], "custom_fields": {"sentiment": "angry"}}),
    )
    .await;
    assert_eq!(i["custom_fields"], json!({"sentiment": "angry"}));
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(
            json!({"channel": "chat", "person_ids": [ada], "custom_fields": {"sentiment": "meh"}}),
        )
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["custom_fields.sentiment"]);
    let r = app
        .post("/v1/interactions/search")
        .bearer(&t)
        .json(json!({"filter": {"field": "custom_fields.sentiment", "op": "eq", "value": "angry"}}))
        .send()
        .await;
    assert_eq!(
        r.body["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.text
    );
}

#[actix_web::test]
async fn marketing_reads_interactions_but_only_sales_and_support_log_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let body = json!({"channel": "note", "person_ids": [ada], "body": "Prefers email"});
    for (role, may_log) in [
        ("sales", true),
        ("support", true),
        ("marketing", false),
        ("viewer", false),
    ] {
        let email = format!("{role}@example.com");
        app.create_user(&t, &email, role).await;
        let u = app.login(&email).await;
        let r = app
            .post("/v1/interactions")
            .bearer(&u)
            .json(body.clone())
            .send()
            .await;
        if may_log {
            assert_eq!(r.status, 201, "{role}: {}", r.text);
        } else {
            r.problem(403, "forbidden");
        }
        assert_eq!(
            app.get("/v1/interactions").bearer(&u).send().await.status,
            200,
            "{role}"
        );
    }
}

#[actix_web::test]
async fn a_taken_external_id_is_a_409_and_nothing_of_the_second_call_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    interaction(
        &app,
        &t,
        json!({"channel": "call", "external_id": "pbx-1", "person_ids": [ada], "tags": ["first"]}),
    )
    .await;
    let (links, tags) = (
        app.count("interaction_links").await,
        app.count("interaction_tags").await,
    );
    let (audit, outbox) = (
        app.count("audit_events").await,
        app.count("outbox_events").await,
    );
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "call", "external_id": "pbx-1", "person_ids": [ada], "tags": ["second"]}))
        .send()
        .await;
    r.problem(409, "conflict");
    assert_eq!(app.count("interactions").await, 1);
    assert_eq!(app.count("interaction_links").await, links);
    assert_eq!(app.count("interaction_tags").await, tags);
    assert_eq!(app.count("audit_events").await, audit);
    assert_eq!(app.count("outbox_events").await, outbox);
}
