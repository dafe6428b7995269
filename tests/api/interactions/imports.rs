//! Interaction imports: a phone system's call log or an email archive, each row linked
//! to the people, companies and staff it names by id or by key, through the shared
//! import machinery.

use super::logging::person;
use crate::imports::{errors, failures, import, upload};
use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn a_call_log_is_imported_with_each_call_linked_by_phone_email_and_agent() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let me = app.get("/v1/me").bearer(&t).send().await;
    let owner = me.body["user"]["id"].as_str().unwrap().to_string();
    let ada = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "phones": [{"number": "+44 20 7946 0000"}]}))
        .send()
        .await;
    let ada = ada.body["id"].as_str().unwrap().to_string();
    let grace = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Grace", "emails": [{"address": "grace@example.com"}]}))
        .send()
        .await;
    let grace = grace.body["id"].as_str().unwrap().to_string();
    let acme = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Acme", "domain": "acme.example"}))
        .send()
        .await;
    let acme = acme.body["id"].as_str().unwrap().to_string();
    let csv = "Type,Start,Length,Caller,Mail,Firm,Agent,Call id,Notes\r\n\
               Call,2026-12-01 09:30:00,4:05,+442079460000,,,owner@example.com,pbx-1,Asked for a quote\r\n\
               email,2026-12-01T10:00:00Z,,,GRACE@example.com,acme.example,,mail-7,Sent the brochure\r\n\
               call,2026-12-01 11:00,60,+44 20 7946 9999,,,,pbx-2,Unknown caller\r\n\
               pigeon,2026-12-01 12:00,,+442079460000,,,,pbx-3,\r\n\
               call,2026-12-01 13:00,,,,,owner@example.com,pbx-4,Nobody on the line\r\n";
    let options = json!({"resource": "interactions", "mapping": {
        "Type": "channel", "Start": "occurred_at", "Length": "duration_seconds",
        "Caller": "person.phone", "Mail": "person.email", "Firm": "company.domain",
        "Agent": "user.email", "Call id": "external_id", "Notes": "subject"}});
    let done = import(&app, &t, options, "calls.csv", "text/csv", csv.as_bytes()).await;
    assert_eq!(done["resource"], "interactions");
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(
        done["progress"],
        json!({"rows_done": 5, "created": 2, "updated": 0, "failed": 3})
    );
    let id = done["id"].as_str().unwrap();
    let failed = failures(&errors(&app, &t, id).await);
    assert_eq!(
        failed,
        [
            (3, vec![("Caller".to_string(), "not_found".to_string())]),
            (4, vec![("Type".to_string(), "invalid_value".to_string())]),
            (5, vec![("Caller".to_string(), "required".to_string())]),
        ]
    );
    let calls = app
        .get(&format!("/v1/interactions?person_id={ada}"))
        .bearer(&t)
        .send()
        .await;
    let call = &calls.body["data"][0];
    assert_eq!(calls.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(call["channel"], "call");
    assert_eq!(call["occurred_at"], "2026-12-01T09:30:00Z");
    assert_eq!(call["duration_seconds"], 245);
    assert_eq!(call["user_ids"], json!([owner]));
    assert_eq!(call["external_id"], "pbx-1");
    let mails = app
        .get(&format!("/v1/interactions?person_id={grace}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(mails.body["data"][0]["channel"], "email");
    assert_eq!(mails.body["data"][0]["company_ids"], json!([acme]));
    let timeline = app
        .get(&format!("/v1/people/{ada}/timeline"))
        .bearer(&t)
        .send()
        .await;
    // Newest first: the person's creation today, then the call on 1 December.
    assert_eq!(
        timeline.body["data"][1]["kind"], "interaction",
        "{}",
        timeline.text
    );
    assert_eq!(timeline.body["data"][1]["title"], "Call: Asked for a quote");
    assert_eq!(app.count("interactions").await, 2);
}

#[actix_web::test]
async fn an_archive_sent_twice_with_match_on_external_id_updates_each_message_once() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let archive = |outcome: &str| {
        format!(
            "{}\n{}\n",
            json!({"channel": "email", "direction": "inbound", "occurred_at": "2026-11-30T08:00:00Z", "external_id": "<m1@example.com>", "person_id": ada, "subject": "Invoice", "outcome": outcome, "tags": "billing"}),
            json!({"channel": "email", "direction": "outbound", "occurred_at": "2026-11-30T09:00:00Z", "external_id": "<m2@example.com>", "person_id": ada, "subject": "Re: Invoice"}),
        )
    };
    let options = json!({"resource": "interactions", "match_on": "external_id"});
    let first = import(
        &app,
        &t,
        options.clone(),
        "mail.ndjson",
        "application/x-ndjson",
        archive("Open").as_bytes(),
    )
    .await;
    assert_eq!(first["progress"]["created"], 2, "{first}");
    let again = import(
        &app,
        &t,
        options,
        "mail.ndjson",
        "application/x-ndjson",
        archive("Paid").as_bytes(),
    )
    .await;
    assert_eq!(
        again["progress"],
        json!({"rows_done": 2, "created": 0, "updated": 2, "failed": 0}),
        "{again}"
    );
    assert_eq!(app.count("interactions").await, 2);
    let r = app
        .get(&format!(
            "/v1/interactions?person_id={ada}&sort=occurred_at"
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["data"][0]["outcome"], "Paid");
    assert_eq!(r.body["data"][0]["tags"], json!(["billing"]));
    assert_eq!(r.body["data"][0]["version"], 2);
}

#[actix_web::test]
async fn an_interaction_import_refuses_keys_and_fields_interactions_do_not_have() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let csv = b"channel,occurred_at,person.email\ncall,2026-12-01T09:00:00Z,ada@example.com\n";
    let r = upload(
        &app,
        &t,
        json!({"resource": "interactions", "match_on": "email"}),
        "c.csv",
        "text/csv",
        csv,
    )
    .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["match_on"], "{}", r.text);
    let r = upload(
        &app,
        &t,
        json!({"resource": "interactions", "mapping": {"channel": "channel", "occurred_at": "first_name", "person.email": "person.email"}}),
        "c.csv",
        "text/csv",
        csv,
    )
    .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["mapping.occurred_at"], "{}", r.text);
    let r = upload(
        &app,
        &t,
        json!({"resource": "meetings"}),
        "c.csv",
        "text/csv",
        csv,
    )
    .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["options.resource"], "{}", r.text);
    assert_eq!(app.count("imports").await, 0);
}

#[actix_web::test]
async fn a_dry_run_of_a_call_log_checks_every_row_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let csv = format!(
        "channel,occurred_at,person_id\ncall,2026-12-01T09:00:00Z,{ada}\ncall,soon,{ada}\n"
    );
    let done = import(
        &app,
        &t,
        json!({"resource": "interactions", "dry_run": true}),
        "c.csv",
        "text/csv",
        csv.as_bytes(),
    )
    .await;
    assert_eq!(
        done["progress"],
        json!({"rows_done": 2, "created": 1, "updated": 0, "failed": 1}),
        "{done}"
    );
    assert_eq!(app.count("interactions").await, 0);
}

#[actix_web::test]
async fn importing_interactions_needs_the_right_to_log_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    app.create_user(&t, "mkt@example.com", "marketing").await;
    let m = app.login("mkt@example.com").await;
    let csv = b"channel,occurred_at\ncall,2026-12-01T09:00:00Z\n";
    let r = upload(
        &app,
        &m,
        json!({"resource": "interactions"}),
        "c.csv",
        "text/csv",
        csv,
    )
    .await;
    r.problem(403, "forbidden");
    app.create_user(&t, "viewer@example.com", "viewer").await;
    let v = app.login("viewer@example.com").await;
    let r = upload(
        &app,
        &v,
        json!({"resource": "interactions"}),
        "c.csv",
        "text/csv",
        csv,
    )
    .await;
    r.problem(403, "forbidden");
    assert_eq!(app.count("imports").await, 0);
}
