//! Organisations are isolated: another organisation's ids answer exactly like random ones.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn another_organisations_user_answers_404_exactly_like_a_random_id() {
    let app = TestApp::spawn().await;
    let a = app.owner_token("a@example.com").await;
    let b = app.owner_token("b@example.com").await;
    let theirs = app.create_user(&b, "b-staff@example.com", "sales").await;
    let their_id = theirs["id"].as_str().unwrap();
    let random = uuid::Uuid::now_v7();
    let r1 = app
        .get(&format!("/v1/users/{their_id}"))
        .bearer(&a)
        .send()
        .await;
    let r2 = app
        .get(&format!("/v1/users/{random}"))
        .bearer(&a)
        .send()
        .await;
    r1.problem(404, "not_found");
    r2.problem(404, "not_found");
    for k in ["type", "title", "detail", "code", "status"] {
        assert_eq!(r1.body[k], r2.body[k], "{k}");
    }
    app.patch(&format!("/v1/users/{their_id}"))
        .bearer(&a)
        .json(json!({"name": "pwned"}))
        .send()
        .await
        .problem(404, "not_found");
    app.delete(&format!("/v1/users/{their_id}"))
        .bearer(&a)
        .send()
        .await
        .problem(404, "not_found");
    let still = app
        .get(&format!("/v1/users/{their_id}"))
        .bearer(&b)
        .send()
        .await;
    assert_eq!(still.body["name"], "b-staff@example.com");
}

#[actix_web::test]
async fn lists_searches_and_audit_show_only_the_callers_organisation() {
    let app = TestApp::spawn().await;
    let a = app.owner_token("a@example.com").await;
    let b = app.owner_token("b@example.com").await;
    app.create_user(&b, "b-staff@example.com", "sales").await;
    let list = app.get("/v1/users?include=total").bearer(&a).send().await;
    assert_eq!(list.body["total"], 1);
    let search = app
        .post("/v1/users/search")
        .bearer(&a)
        .json(json!({}))
        .send()
        .await;
    assert_eq!(search.body["data"].as_array().unwrap().len(), 1);
    let audit = app.get("/v1/audit-events").bearer(&a).send().await;
    assert!(
        audit.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["resource_type"] != "user"
                || e["changes"]["email"]["after"] == "a@example.com")
    );
}

#[actix_web::test]
async fn an_api_key_reaches_only_its_own_organisation() {
    let app = TestApp::spawn().await;
    let a = app.owner_token("a@example.com").await;
    let b = app.owner_token("b@example.com").await;
    let key = app
        .post("/v1/api-keys")
        .bearer(&b)
        .json(json!({"name": "k", "role": "admin"}))
        .send()
        .await;
    let secret = key.body["secret"].as_str().unwrap();
    let a_user = app.get("/v1/users").bearer(&a).send().await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.get(&format!("/v1/users/{a_user}"))
        .bearer(secret)
        .send()
        .await
        .problem(404, "not_found");
}
