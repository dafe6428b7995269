//! The consent ledger: what wording was shown, and a database that keeps it append-only.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn person(app: &TestApp, t: &str, first_name: &str) -> String {
    let r = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": first_name}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

async fn grant(app: &TestApp, t: &str, id: &str, body: Value) -> Value {
    let r = app
        .post(&format!("/v1/people/{id}/consents"))
        .bearer(t)
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

#[actix_web::test]
async fn an_entry_keeps_the_version_of_the_wording_shown_and_an_overlong_one_is_refused() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let e = grant(&app, &t, &ada, json!({"channel": "email", "purpose": "marketing", "status": "granted", "wording_version": " marketing-2026-03 "})).await;
    assert_eq!(e["wording_version"], "marketing-2026-03");
    let ledger = app
        .get(&format!("/v1/people/{ada}/consents"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        ledger.body["data"][0]["wording_version"],
        "marketing-2026-03"
    );
    let r = app
        .post(&format!("/v1/people/{ada}/consents"))
        .bearer(&t)
        .json(json!({"channel": "email", "purpose": "marketing", "status": "granted", "wording_version": "v".repeat(101)}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["wording_version"]);
    assert_eq!(app.count("consents").await, 1);
}

#[actix_web::test]
async fn the_database_refuses_to_rewrite_or_delete_an_entry_but_lets_a_merge_and_an_erasure_through()
 {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (keep, twin) = (person(&app, &t, "Ada").await, person(&app, &t, "Ada").await);
    let e = grant(&app, &t, &twin, json!({"channel": "email", "purpose": "marketing", "status": "granted", "wording_version": "v1"})).await;
    let id = e["id"].as_str().unwrap();
    // (Rows picked by value: SQLite stores ids as blobs.)
    for sql in [
        "UPDATE consents SET status = 'withdrawn' WHERE wording_version = 'v1'",
        "UPDATE consents SET wording_version = 'v2' WHERE wording_version = 'v1'",
        // Moving a ledger to a person it was not merged into is a rewrite too.
        "UPDATE consents SET person_id = (SELECT p.id FROM people p \
         WHERE p.id <> consents.person_id LIMIT 1) WHERE wording_version = 'v1'",
        "DELETE FROM consents WHERE wording_version = 'v1'",
    ] {
        let r = app.try_execute(sql).await;
        assert!(
            r.as_ref().is_err_and(|e| e.contains("append-only")),
            "{sql}: {r:?}"
        );
    }
    assert_eq!(app.count("consents").await, 1);

    let r = app
        .post(&format!("/v1/people/{keep}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [twin]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let moved = app
        .get(&format!("/v1/people/{keep}/consents"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(moved.body["data"][0]["id"], id, "{}", moved.text);
    assert_eq!(moved.body["data"][0]["status"], "granted");

    let r = app
        .post(&format!("/v1/people/{keep}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.count("consents").await, 0);
}
