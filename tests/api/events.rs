//! The event catalogue: every change the audit log records is an event type that the
//! OpenAPI document publishes as a webhook, with a payload schema that resolves.

use crm_tests::TestApp;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn document() -> Value {
    serde_json::from_str(&crm_api::openapi::document_json()).unwrap()
}

#[test]
fn every_event_type_of_every_area_is_a_webhook_whose_payload_schema_resolves() {
    let doc = document();
    let hooks = doc["webhooks"].as_object().unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let declared: Vec<_> = crm_api::events::CATALOGUES
        .iter()
        .flat_map(|c| c.iter())
        .collect();
    assert!(declared.len() >= 30, "{}", declared.len());
    assert_eq!(hooks.len(), declared.len());
    for e in declared {
        let op = &hooks[e.name]["post"];
        assert_eq!(op["summary"], e.summary, "{}", e.name);
        let target = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap();
        let name = target.trim_start_matches("#/components/schemas/");
        let payload = &schemas[name];
        assert!(
            payload["properties"]["type"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!(e.name)),
            "{name} lists {}",
            e.name
        );
        let data = payload["properties"]["data"].to_string();
        for r in data.split("#/components/schemas/").skip(1) {
            let dto = r.split('"').next().unwrap();
            assert!(schemas.contains_key(dto), "{name} refers to {dto}");
        }
    }
}

#[tokio::test]
async fn every_action_the_audit_log_records_is_a_published_event_type() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    app.create_user(&t, "sales@example.com", "sales").await;
    let p = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "tags": ["vip"]}))
        .send()
        .await;
    let id = p.body["id"].as_str().unwrap().to_string();
    app.patch(&format!("/v1/people/{id}"))
        .bearer(&t)
        .json(json!({"last_name": "Lovelace"}))
        .send()
        .await;
    app.delete(&format!("/v1/people/{id}"))
        .bearer(&t)
        .send()
        .await;
    app.post(&format!("/v1/people/{id}/restore"))
        .bearer(&t)
        .send()
        .await;
    app.post("/v1/tags")
        .bearer(&t)
        .json(json!({"name": "gold"}))
        .send()
        .await;
    app.post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Acme"}))
        .send()
        .await;
    let log = app
        .get("/v1/audit-events?limit=200")
        .bearer(&t)
        .send()
        .await
        .body;
    let actions: BTreeSet<String> = log["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for a in [
        "organisation.created",
        "user.created",
        "person.created",
        "person.updated",
        "person.deleted",
        "person.restored",
        "tag.created",
        "company.created",
    ] {
        assert!(actions.contains(a), "{a} missing from {actions:?}");
    }
    let doc = document();
    for a in &actions {
        assert!(doc["webhooks"].get(a).is_some(), "{a} is not published");
    }
}
