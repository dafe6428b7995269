//! Idempotency keys: replay, mismatch, scoping.

use crm_tests::TestApp;
use serde_json::json;

fn user(email: &str) -> serde_json::Value {
    json!({"email": email, "name": "Grace", "role": "sales", "password": "correct horse battery"})
}

#[actix_web::test]
async fn a_retry_with_the_same_key_replays_the_first_response_and_creates_once() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let first = app
        .post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", "k-1")
        .json(user("g@example.com"))
        .send()
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), Some("false"));
    let again = app
        .post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", "k-1")
        .json(user("g@example.com"))
        .send()
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(app.count("users").await, 2);
}

#[actix_web::test]
async fn the_same_key_with_another_body_returns_422() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    app.post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", "k-1")
        .json(user("g@example.com"))
        .send()
        .await;
    let r = app
        .post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", "k-1")
        .json(user("h@example.com"))
        .send()
        .await;
    r.problem(422, "idempotency_key_reused");
    assert_eq!(app.count("users").await, 2);
}

#[actix_web::test]
async fn errors_are_replayed_too_and_keys_belong_to_one_caller() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let bad =
        json!({"email": "nope", "name": "G", "role": "sales", "password": "correct horse battery"});
    let r1 = app
        .post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", "k-2")
        .json(bad.clone())
        .send()
        .await;
    r1.problem(422, "validation");
    let r2 = app
        .post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", "k-2")
        .json(bad)
        .send()
        .await;
    assert_eq!(r2.status, 422);
    assert_eq!(r2.header("idempotent-replayed"), Some("true"));
    let other = app.owner_token("zed@example.com").await;
    let r3 = app
        .post("/v1/users")
        .bearer(&other)
        .header("Idempotency-Key", "k-2")
        .json(user("z2@example.com"))
        .send()
        .await;
    assert_eq!(
        r3.status, 201,
        "another caller's key of the same name is independent"
    );
}

#[actix_web::test]
async fn an_overlong_key_returns_400() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app
        .post("/v1/users")
        .bearer(&t)
        .header("Idempotency-Key", &"k".repeat(300))
        .json(user("g@example.com"))
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.error_fields(), ["Idempotency-Key"]);
}

#[actix_web::test]
async fn a_retry_while_the_first_request_still_runs_returns_409() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    let org = crm_core::ids::OrgId(
        uuid::Uuid::parse_str(s["organisation"]["id"].as_str().unwrap()).unwrap(),
    );
    let principal = format!("user:{}", s["user"]["id"].as_str().unwrap());
    let body = serde_json::to_vec(&user("g@example.com")).unwrap();
    let digest = crm_api::middleware::idempotency::request_digest("POST", "/v1/users", &body);
    // The first request has claimed the key and not finished yet.
    let claimed = app
        .state
        .idempotency
        .reserve(org, &principal, "k-busy", &digest)
        .await
        .unwrap();
    assert!(matches!(claimed, crm_persistence::Reservation::New(_)));
    let r = app
        .post("/v1/users")
        .bearer(t)
        .header("Idempotency-Key", "k-busy")
        .json(user("g@example.com"))
        .send()
        .await;
    r.problem(409, "idempotency_in_progress");
    assert_eq!(app.count("users").await, 1, "the retry did not run");
}
