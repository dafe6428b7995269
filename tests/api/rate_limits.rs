//! Rate limits: headers on every response, 429 with Retry-After past the limit.

use crm_api::middleware::rate_limit::WINDOW_SECONDS;
use crm_api::routes::auth::login::LOGIN_WINDOW_SECONDS;
use crm_tests::{Reply, TestApp};
use serde_json::json;

/// Waits, if need be, until the current fixed window of `length` seconds has at least 15
/// seconds left, so a test's requests all count in one window (a run that crossed a
/// minute boundary saw its count start again, stop 30).
async fn fresh_window(length: u64) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let left = length - now % length;
    if left < 15 {
        tokio::time::sleep(std::time::Duration::from_secs(left + 1)).await;
    }
}

#[actix_web::test]
async fn every_response_carries_the_limit_and_a_caller_past_it_gets_429() {
    fresh_window(WINDOW_SECONDS).await;
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

/// Waits for the next window of `length` seconds to begin (windows start on multiples of
/// their length since the epoch), so the few requests after it fall in one window.
async fn window_begins(length: u64) {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let period = u128::from(length) * 1000;
    let wait = u64::try_from(period - ms % period).unwrap_or_default() + 50;
    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
}

async fn login(app: &TestApp, password: &str, client_token: Option<&str>) -> Reply {
    let mut body = json!({"email": "ada@example.com", "password": password});
    if let Some(t) = client_token {
        body["client_token"] = json!(t);
    }
    app.post("/v1/auth/login").json(body).send().await
}

const RIGHT: &str = "correct horse battery";
const WRONG: &str = "wrong password!";

#[actix_web::test]
async fn a_locked_account_lets_one_attempt_through_after_a_short_delay_so_the_right_password_still_works()
 {
    fresh_window(LOGIN_WINDOW_SECONDS).await;
    let app = TestApp::spawn_with(|a| {
        a.login_rate_limit = 2;
        a.login_retry_seconds = 4;
    })
    .await;
    app.signup("ada@example.com").await;
    for _ in 0..2 {
        login(&app, WRONG, None).await.problem(401, "unauthorized");
    }
    // Locked: the next attempt is the delayed one (here wrong), the one after waits.
    // Both go at the start of one retry window: a hash check under load takes long
    // enough for two attempts to straddle a short window's end.
    window_begins(4).await;
    login(&app, WRONG, None).await.problem(401, "unauthorized");
    let r = login(&app, RIGHT, None).await;
    r.problem(429, "rate_limited");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=4).contains(&retry), "{retry}");
    tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 100)).await;
    let r = login(&app, RIGHT, None).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[actix_web::test]
async fn a_known_client_signs_in_while_guesses_from_elsewhere_keep_the_account_locked() {
    fresh_window(LOGIN_WINDOW_SECONDS).await;
    let app = TestApp::spawn_with(|a| {
        a.login_rate_limit = 2;
        a.login_retry_seconds = 3600;
    })
    .await;
    app.signup("ada@example.com").await;
    let first = login(&app, RIGHT, None).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let token = first.body["client_token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 44);
    for _ in 0..3 {
        let r = login(&app, WRONG, None).await;
        assert!(r.status == 401 || r.status == 429, "{}", r.text);
    }
    login(&app, RIGHT, None).await.problem(429, "rate_limited");
    // A token of another account, or a forged one, is no key.
    let last = if token.ends_with('A') { "B" } else { "A" };
    let forged = format!("{}{last}", &token[..43]);
    login(&app, RIGHT, Some(&forged))
        .await
        .problem(429, "rate_limited");
    let r = login(&app, RIGHT, Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // A token of the wrong shape is refused as the document says, before any check.
    let bad = login(&app, RIGHT, Some("not a client token")).await;
    bad.problem(422, "validation");
    assert_eq!(bad.error_fields(), vec!["client_token"]);
}

#[actix_web::test]
async fn sign_in_attempts_are_counted_once_across_replicas_and_a_lockout_survives_a_restart() {
    fresh_window(LOGIN_WINDOW_SECONDS).await;
    let tweak = |a: &mut crm_api::config::ServeArgs| {
        a.login_rate_limit = 2;
        a.login_retry_seconds = 3600;
    };
    let one = TestApp::spawn_with(tweak).await;
    one.signup("ada@example.com").await;
    let two = one.replica(tweak).await;
    login(&one, WRONG, None).await.problem(401, "unauthorized");
    login(&two, WRONG, None).await.problem(401, "unauthorized");
    // A process started now (a restart, or a third replica) knows the count.
    let three = one.replica(tweak).await;
    login(&three, WRONG, None)
        .await
        .problem(401, "unauthorized");
    login(&three, RIGHT, None)
        .await
        .problem(429, "rate_limited");
    login(&one, RIGHT, None).await.problem(429, "rate_limited");
}

#[actix_web::test]
async fn replicas_share_the_request_limit_through_their_flush() {
    fresh_window(WINDOW_SECONDS).await;
    let tweak = |a: &mut crm_api::config::ServeArgs| a.rate_limit = 6;
    let one = TestApp::spawn_with(tweak).await;
    let t = one.owner_token("ada@example.com").await;
    let two = one.replica(tweak).await;
    for _ in 0..4 {
        let r = one.get("/v1/me").bearer(&t).send().await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    one.state.limiter.flush().await.unwrap();
    let r = two.get("/v1/me").bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    two.state.limiter.flush().await.unwrap();
    // The second replica now counts the first one's four: one request is left.
    let r = two.get("/v1/me").bearer(&t).send().await;
    assert_eq!(
        r.header("ratelimit").map(|h| h.contains("r=0")),
        Some(true),
        "{:?}",
        r.header("ratelimit")
    );
    two.get("/v1/me")
        .bearer(&t)
        .send()
        .await
        .problem(429, "rate_limited");
    // And a restarted process learns it at its first flush.
    let three = one.replica(tweak).await;
    three.get("/v1/me").bearer(&t).send().await;
    three.state.limiter.flush().await.unwrap();
    three
        .get("/v1/me")
        .bearer(&t)
        .send()
        .await
        .problem(429, "rate_limited");
}
