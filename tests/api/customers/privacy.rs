//! Privacy: a person's data export, and erasure everywhere with aggregates kept.

use crm_tests::TestApp;
use serde_json::json;

async fn rich_person(app: &TestApp, t: &str) -> String {
    app.post("/v1/custom-fields")
        .bearer(t)
        .json(json!({"resource": "person", "key": "nickname", "label": "Nickname", "type": "text"}))
        .send()
        .await;
    let c = app
        .post("/v1/companies")
        .bearer(t)
        .json(json!({"name": "Engines"}))
        .send()
        .await;
    let p = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": "Ada", "last_name": "Lovelace", "emails": [{"address": "ada@example.com"}], "phones": [{"number": "+44 20 7183 8750"}], "birthday": "1990-12-10", "external_id": "crm-ada", "tags": ["vip"], "custom_fields": {"nickname": "Enchantress"}}))
        .send()
        .await;
    let id = p.body["id"].as_str().unwrap().to_string();
    app.patch(&format!("/v1/people/{id}"))
        .bearer(t)
        .json(json!({"lifecycle_stage": "customer"}))
        .send()
        .await;
    app.post(&format!("/v1/people/{id}/consents")).bearer(t).json(json!({"channel": "email", "purpose": "marketing", "status": "granted", "proof": "form from 203.0.113.7"})).send().await;
    app.post(&format!("/v1/people/{id}/companies"))
        .bearer(t)
        .json(json!({"company_id": c.body["id"], "title": "Analyst"}))
        .send()
        .await;
    id
}

#[actix_web::test]
async fn a_data_export_holds_everything_on_the_person() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let id = rich_person(&app, &t).await;
    let r = app
        .get(&format!("/v1/people/{id}/data-export"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let b = &r.body;
    assert_eq!(b["person"]["emails"][0]["address"], "ada@example.com");
    assert_eq!(b["person"]["custom_fields"]["nickname"], "Enchantress");
    assert_eq!(b["lifecycle_history"].as_array().unwrap().len(), 2);
    assert_eq!(b["consents"][0]["proof"], "form from 203.0.113.7");
    assert_eq!(b["companies"][0]["title"], "Analyst");
    let actions: Vec<&str> = b["audit_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"person.created") && actions.contains(&"person.consent_recorded"),
        "{actions:?}"
    );
}

#[actix_web::test]
async fn erasure_removes_personal_data_everywhere_but_keeps_the_counts() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let id = rich_person(&app, &t).await;
    let r = app
        .post(&format!("/v1/people/{id}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["erased_at"].is_string());
    app.get(&format!("/v1/people/{id}"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    app.post(&format!("/v1/people/{id}/restore"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    app.post(&format!("/v1/people/{id}/erase"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    for table in [
        "person_emails",
        "person_phones",
        "person_tags",
        "consents",
        "employments",
        "custom_field_values",
    ] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    assert_eq!(app.count("people").await, 1, "the row stays for the counts");
    assert_eq!(
        app.count("people WHERE card IS NOT NULL").await,
        0,
        "the card (emails, tags, custom values) goes with the rest"
    );
    assert_eq!(
        app.count("lifecycle_changes").await,
        2,
        "the history stays for churn and growth figures"
    );
    let audit = app
        .get(&format!("/v1/audit-events?resource_id={id}&limit=200"))
        .bearer(&t)
        .send()
        .await;
    assert!(
        !audit.text.contains("ada@example.com") && !audit.text.contains("Lovelace"),
        "{}",
        audit.text
    );
    let last = &audit.body["data"][0];
    assert_eq!(last["action"], "person.erased");
    for entry in audit.body["data"].as_array().unwrap() {
        assert_eq!(
            entry["changes"],
            json!({}),
            "who did what and when stays; no value does, and the shape is still a map of changes"
        );
    }
    let everything = app
        .get("/v1/audit-events?limit=200")
        .bearer(&t)
        .send()
        .await;
    assert!(
        !everything.text.contains("Lovelace")
            && !everything.text.contains("Enchantress")
            && !everything.text.contains("203.0.113.7")
    );
}

#[actix_web::test]
async fn only_owners_and_admins_erase() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let id = rich_person(&app, &t).await;
    app.create_user(&t, "manager@example.com", "manager").await;
    let m = app.login("manager@example.com").await;
    app.post(&format!("/v1/people/{id}/erase"))
        .bearer(&m)
        .send()
        .await
        .problem(403, "forbidden");
    assert_eq!(
        app.get(&format!("/v1/people/{id}/data-export"))
            .bearer(&m)
            .send()
            .await
            .status,
        200
    );
}
