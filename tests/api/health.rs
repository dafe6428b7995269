//! Operations endpoints and request ids.

use crm_tests::TestApp;

#[actix_web::test]
async fn live_answers_ok_without_credentials() {
    let app = TestApp::spawn().await;
    let r = app.get("/health/live").send().await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "ok");
}

#[actix_web::test]
async fn ready_reports_the_database_backend() {
    let app = TestApp::spawn().await;
    let r = app.get("/health/ready").send().await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["database"], crm_tests::backend());
}

#[actix_web::test]
async fn a_given_request_id_is_echoed_and_a_bad_one_replaced() {
    let app = TestApp::spawn().await;
    let r = app
        .get("/health/live")
        .header("X-Request-Id", "abc-123")
        .send()
        .await;
    assert_eq!(r.header("x-request-id"), Some("abc-123"));
    let r = app
        .get("/health/live")
        .header("X-Request-Id", "has spaces")
        .send()
        .await;
    let id = r.header("x-request-id").unwrap_or_default();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[actix_web::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = TestApp::spawn().await;
    app.get("/health/live").send().await;
    app.get("/v1/me").send().await;
    let r = app.get("/metrics").send().await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap_or_default()
            .starts_with("text/plain")
    );
    assert!(
        r.text.contains(
            r#"crm_http_requests_total{method="GET",route="/health/live",status="200"} 1"#
        ),
        "{}",
        r.text
    );
    assert!(
        r.text.contains(r#"route="/v1/me",status="401"}"#),
        "{}",
        r.text
    );
    assert!(r.text.contains("crm_http_request_duration_seconds_bucket"));
    assert!(r.text.contains("crm_db_pool_connections"));
}
