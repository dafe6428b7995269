//! The audit log and the outbox: written with each change, in the same transaction.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn every_change_to_users_and_keys_is_audited_with_actor_and_request_id() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    let owner = s["user"]["id"].as_str().unwrap();
    let u = app.create_user(t, "grace@example.com", "sales").await;
    let uid = u["id"].as_str().unwrap();
    let r = app
        .patch(&format!("/v1/users/{uid}"))
        .bearer(t)
        .header("X-Request-Id", "req-role-change")
        .json(json!({"role": "manager"}))
        .send()
        .await;
    assert_eq!(r.status, 200);
    let k = app
        .post("/v1/api-keys")
        .bearer(t)
        .json(json!({"name": "k", "role": "viewer"}))
        .send()
        .await;
    app.post(&format!(
        "/v1/api-keys/{}/revoke",
        k.body["id"].as_str().unwrap()
    ))
    .bearer(t)
    .send()
    .await;

    let log = app.get("/v1/audit-events").bearer(t).send().await;
    assert_eq!(log.status, 200, "{}", log.text);
    let actions: Vec<&str> = log.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "api_key.revoked",
            "api_key.created",
            "user.updated",
            "user.created",
            "user.created",
            "organisation.created"
        ],
        "newest first"
    );
    let update = &log.body["data"][2];
    assert_eq!(update["actor_kind"], "user");
    assert_eq!(update["actor_id"], owner);
    assert_eq!(update["request_id"], "req-role-change");
    assert_eq!(
        update["changes"],
        json!({"role": {"before": "sales", "after": "manager"}})
    );
    // A creation lists the fields it set, each from nothing; the entry itself carries
    // the record's id, organisation and time.
    let created = &log.body["data"][3];
    assert_eq!(created["resource_id"], uid);
    assert_eq!(
        created["changes"]["email"],
        json!({"before": null, "after": "grace@example.com"})
    );
    assert_eq!(
        created["changes"]["role"],
        json!({"before": null, "after": "sales"})
    );
    for redundant in ["id", "org_id", "created_at", "updated_at", "version"] {
        assert!(
            created["changes"].get(redundant).is_none(),
            "{redundant} in {}",
            created["changes"]
        );
    }
    assert!(
        !log.text.contains("argon2"),
        "password hashes never reach the audit log"
    );
    assert_eq!(
        app.count("outbox_events").await,
        6,
        "one outbox event per audited change"
    );
}

#[actix_web::test]
async fn the_audit_log_filters_by_resource_action_and_time() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let u = app.create_user(&t, "grace@example.com", "sales").await;
    let uid = u["id"].as_str().unwrap();
    app.patch(&format!("/v1/users/{uid}"))
        .bearer(&t)
        .json(json!({"name": "Grace H"}))
        .send()
        .await;
    let r = app
        .get(&format!("/v1/audit-events?resource_id={uid}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 2);
    let r = app
        .get("/v1/audit-events?action=user.updated")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
    let r = app
        .get("/v1/audit-events?occurred_after=2100-01-01T00:00:00Z")
        .bearer(&t)
        .send()
        .await;
    assert!(r.body["data"].as_array().unwrap().is_empty());
    let r = app.get("/v1/audit-events?limit=2").bearer(&t).send().await;
    let next = r.body["next_cursor"].as_str().unwrap();
    let r2 = app
        .get(&format!("/v1/audit-events?limit=2&cursor={next}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r2.status, 200, "{}", r2.text);
    assert_ne!(r.body["data"][0]["id"], r2.body["data"][0]["id"]);
    app.get("/v1/audit-events?resource_id=nope")
        .bearer(&t)
        .send()
        .await
        .problem(400, "invalid_parameter");
}

#[actix_web::test]
async fn a_refused_change_writes_no_audit_entry_or_event() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let (audit, outbox) = (
        app.count("audit_events").await,
        app.count("outbox_events").await,
    );
    app.post("/v1/users")
        .bearer(&t)
        .json(json!({"email": "ada@example.com", "name": "Dup", "role": "sales", "password": "correct horse battery"}))
        .send()
        .await
        .problem(409, "conflict");
    assert_eq!(app.count("audit_events").await, audit);
    assert_eq!(app.count("outbox_events").await, outbox);
}
