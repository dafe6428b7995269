//! Message templates: placeholders checked when saved, previews for a person, who may
//! write them, and the organisation's own only.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn create(app: &TestApp, t: &str, body: Value) -> crm_tests::Reply {
    app.post("/v1/templates").bearer(t).json(body).send().await
}

fn welcome() -> Value {
    json!({
        "name": "Welcome",
        "channel": "email",
        "subject": "Welcome to {{organisation.name}}, {{ person.first_name }}",
        "text": "Hello {{person.full_name}} <{{person.email}}>.",
        "html": "<p>Hello {{person.last_name}}</p>"
    })
}

#[actix_web::test]
async fn a_marketer_saves_an_email_template_and_previews_it_filled_for_a_person() {
    let app = TestApp::spawn().await;
    let owner = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/custom-fields")
        .bearer(&owner)
        .json(json!({"resource": "person", "key": "shoe_size", "label": "Shoe size", "type": "number"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    app.create_user(&owner, "mia@example.com", "marketing")
        .await;
    let t = app.login("mia@example.com").await;
    let mut body = welcome();
    body["text"] = json!(
        "Hello {{person.full_name}} <{{person.email}}>, size {{person.custom_fields.shoe_size}}."
    );
    let r = create(&app, &t, body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["channel"], "email");
    let id = r.body["id"].as_str().unwrap().to_string();
    let person = app
        .post("/v1/people")
        .bearer(&owner)
        .json(json!({
            "first_name": "Ada", "last_name": "<Lovelace>",
            "emails": [{"address": "ada@example.com"}],
            "custom_fields": {"shoe_size": 38}
        }))
        .send()
        .await;
    assert_eq!(person.status, 201, "{}", person.text);
    let pid = person.body["id"].as_str().unwrap();
    let p = app
        .post(&format!("/v1/templates/{id}/preview"))
        .bearer(&t)
        .json(json!({"person_id": pid}))
        .send()
        .await;
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!(
        p.body["subject"],
        "Welcome to Org of owner@example.com, Ada"
    );
    assert_eq!(
        p.body["text"],
        "Hello Ada <Lovelace> <ada@example.com>, size 38."
    );
    assert_eq!(p.body["html"], "<p>Hello &lt;Lovelace&gt;</p>");

    let unknown = app
        .post(&format!("/v1/templates/{id}/preview"))
        .bearer(&t)
        .json(json!({"person_id": "0190f1a2-0000-7000-8000-000000000000"}))
        .send()
        .await;
    assert_eq!(unknown.error_fields(), vec!["person_id"]);
    let listed = app.get("/v1/templates").bearer(&t).send().await;
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn unknown_or_malformed_placeholders_and_channel_rules_are_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = create(
        &app,
        &t,
        json!({
            "name": "Bad", "channel": "email",
            "subject": "Hi {{person.nickname}}",
            "text": "{{person.custom_fields.shoe_size}}",
            "html": "<p>{{person.first_name</p>"
        }),
    )
    .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), vec!["subject", "text", "html"]);
    let sms = create(
        &app,
        &t,
        json!({"name": "Text", "channel": "sms", "subject": "no", "text": "Hi {{person.first_name}}"}),
    )
    .await;
    assert_eq!(sms.error_fields(), vec!["subject"]);
    let long = create(
        &app,
        &t,
        json!({"name": "Long", "channel": "sms", "text": "x".repeat(1601)}),
    )
    .await;
    assert_eq!(long.error_fields(), vec!["text"]);
    let no_subject = create(
        &app,
        &t,
        json!({"name": "Mail", "channel": "email", "text": "Hello"}),
    )
    .await;
    assert_eq!(no_subject.error_fields(), vec!["subject"]);
    assert_eq!(app.count("templates").await, 0);
}

#[actix_web::test]
async fn a_patch_is_checked_over_the_stored_template_and_a_switch_to_sms_clears_the_email_parts() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let id = create(&app, &t, welcome()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bad = app
        .patch(&format!("/v1/templates/{id}"))
        .bearer(&t)
        .json(json!({"text": "{{person.custom_fields.shoe_size}}"}))
        .send()
        .await;
    assert_eq!(
        bad.error_fields(),
        vec!["text"],
        "no custom field of people has this key"
    );
    let half = app
        .patch(&format!("/v1/templates/{id}"))
        .bearer(&t)
        .json(json!({"channel": "sms", "text": "Hi {{person.first_name}}"}))
        .send()
        .await;
    assert_eq!(half.error_fields(), vec!["subject", "html"]);
    let sms = app
        .patch(&format!("/v1/templates/{id}"))
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"channel": "sms", "subject": null, "html": null, "text": "Hi {{person.first_name}}"}))
        .send()
        .await;
    assert_eq!(sms.status, 200, "{}", sms.text);
    assert_eq!(sms.body["subject"], Value::Null);
    assert_eq!(sms.body["version"], 2);
    let del = app
        .delete(&format!("/v1/templates/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(del.status, 204);
    let gone = app
        .get(&format!("/v1/templates/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(gone.status, 404);
    let back = app
        .post(&format!("/v1/templates/{id}/restore"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(back.status, 200, "{}", back.text);
}

#[actix_web::test]
async fn sales_reads_templates_without_writing_them_and_another_organisation_sees_none() {
    let app = TestApp::spawn().await;
    let owner = app.owner_token("owner@example.com").await;
    let id = create(&app, &owner, welcome()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.create_user(&owner, "sam@example.com", "sales").await;
    let sales = app.login("sam@example.com").await;
    let read = app
        .get(&format!("/v1/templates/{id}"))
        .bearer(&sales)
        .send()
        .await;
    assert_eq!(read.status, 200);
    let write = create(&app, &sales, welcome()).await;
    assert_eq!(write.status, 403);
    let other = app.owner_token("other@example.com").await;
    let r = app
        .get(&format!("/v1/templates/{id}"))
        .bearer(&other)
        .send()
        .await;
    assert_eq!(r.status, 404);
    let list = app.get("/v1/templates").bearer(&other).send().await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 0);
}
