//! Rate limits: headers on every response, 429 with Retry-After past the limit.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn every_response_carries_the_limit_and_a_caller_past_it_gets_429() {
    let app = TestApp::spawn_with(|a| a.rate_limit = 3).await;
    let t = app.owner_token("ada@example.com").await;
    let r = app.get("/v1/me").bearer(&t).send().await;
    assert_eq!(r.header("ratelimit-policy"), Some("\"caller\";q=3;w=60"));
    assert!(
        r.header("ratelimit")
            .unwrap_or_default()
            .starts_with("\"caller\";r=2;t=")
    );
    app.get("/v1/me").bearer(&t).send().await;
    app.get("/v1/me").bearer(&t).send().await;
    let r = app.get("/v1/me").bearer(&t).send().await;
    r.problem(429, "rate_limited");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
}

#[actix_web::test]
async fn sign_in_attempts_are_limited_per_account() {
    let app = TestApp::spawn_with(|a| a.login_rate_limit = 2).await;
    app.signup("ada@example.com").await;
    for _ in 0..2 {
        app.post("/v1/auth/login")
            .json(json!({"email": "ada@example.com", "password": "wrong password!"}))
            .send()
            .await
            .problem(401, "unauthorized");
    }
    let r = app
        .post("/v1/auth/login")
        .json(json!({"email": "ada@example.com", "password": "correct horse battery"}))
        .send()
        .await;
    r.problem(429, "rate_limited");
    assert!(r.header("retry-after").is_some());
}
