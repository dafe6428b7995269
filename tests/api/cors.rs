//! CORS: no origin is allowed unless configured; configured ones get the headers.

use actix_web::http::Method;
use crm_tests::TestApp;

#[actix_web::test]
async fn no_origin_is_allowed_by_default() {
    let app = TestApp::spawn().await;
    let r = app
        .get("/health/live")
        .header("Origin", "https://app.example")
        .send()
        .await;
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[actix_web::test]
async fn a_configured_origin_may_call_the_api_from_a_browser() {
    let app = TestApp::spawn_with(|a| a.cors_origins = vec!["https://app.example".into()]).await;
    let pre = app
        .req(Method::OPTIONS, "/v1/users")
        .header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, idempotency-key",
        )
        .send()
        .await;
    assert!(pre.status.is_success(), "{} {}", pre.status, pre.text);
    assert_eq!(
        pre.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let r = app
        .get("/health/live")
        .header("Origin", "https://app.example")
        .send()
        .await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert!(
        r.header("access-control-expose-headers")
            .unwrap_or_default()
            .contains("x-request-id")
    );
    let other = app
        .get("/health/live")
        .header("Origin", "https://evil.example")
        .send()
        .await;
    assert_eq!(other.header("access-control-allow-origin"), None);
}
