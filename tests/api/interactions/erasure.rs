//! A person's erasure reaches what was said with them: their interactions, tasks and
//! cases keep their place but lose their content, in the records and in the journal.

use super::logging::{interaction, person};
use crm_tests::TestApp;
use serde_json::{Value, json};

#[actix_web::test]
async fn erasing_a_person_erases_what_their_interactions_tasks_and_cases_said_but_keeps_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let bob = person(&app, &t, "Bob").await;
    let call = interaction(&app, &t, json!({"channel": "call", "subject": "Ada's complaint", "body": "Ada Lovelace says the engine overheats", "outcome": "Refund promised to Ada", "person_ids": [ada]})).await;
    let other = interaction(
        &app,
        &t,
        json!({"channel": "call", "subject": "Bob's order", "person_ids": [bob]}),
    )
    .await;
    let r = app
        .post("/v1/tasks")
        .bearer(&t)
        .json(json!({"title": "Refund Ada Lovelace", "description": "IBAN on file", "person_ids": [ada]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let task = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post("/v1/cases")
        .bearer(&t)
        .json(json!({"subject": "Ada Lovelace's engine", "description": "Overheats", "person_ids": [ada]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let case = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(&format!("/v1/cases/{case}/comments"))
        .bearer(&t)
        .json(json!({"body": "Told Ada Lovelace we refund", "visibility": "public"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app
        .post(&format!("/v1/people/{ada}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let read = app
        .get(&format!(
            "/v1/interactions/{}",
            call["id"].as_str().unwrap()
        ))
        .bearer(&t)
        .send()
        .await;
    let b = &read.body;
    assert_eq!(
        (
            b["subject"].clone(),
            b["body"].clone(),
            b["outcome"].clone()
        ),
        (Value::Null, Value::Null, Value::Null)
    );
    assert_eq!(
        (b["channel"].clone(), b["version"].clone()),
        (json!("call"), json!(2))
    );
    let k = app
        .get(&format!("/v1/tasks/{task}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        (k.body["title"].clone(), k.body["description"].clone()),
        (json!("(erased)"), Value::Null)
    );
    let c = app
        .get(&format!("/v1/cases/{case}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        (c.body["subject"].clone(), c.body["description"].clone()),
        (json!("(erased)"), Value::Null)
    );
    let said = app
        .get(&format!("/v1/cases/{case}/comments"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(said.body["data"][0]["body"], "(erased)");
    let kept = app
        .get(&format!(
            "/v1/interactions/{}",
            other["id"].as_str().unwrap()
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(kept.body["subject"], "Bob's order");
    for table in ["outbox_events", "audit_events"] {
        let leaks = app
            .count(&format!(
                "{table} WHERE CAST({} AS TEXT) LIKE '%Lovelace%'",
                if table == "outbox_events" {
                    "payload"
                } else {
                    "changes"
                }
            ))
            .await;
        assert_eq!(leaks, 0, "{table}");
    }
}
