//! Conditional requests and cache headers: `If-None-Match` answered 304, `HEAD` answered
//! as `GET` without a body, and authenticated answers kept out of shared caches.

use actix_web::http::Method;
use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn a_get_whose_if_none_match_names_the_current_etag_is_a_304_without_a_body() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let created = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Grace", "emails": [{"address": "grace@example.com"}]}))
        .send()
        .await;
    let path = format!("/v1/people/{}", created.body["id"].as_str().unwrap());
    let etag = created.header("etag").unwrap().to_string();

    let r = app
        .get(&path)
        .bearer(&t)
        .header("If-None-Match", &etag)
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 304, "{}", r.text);
    assert!(r.text.is_empty());
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    assert_eq!(r.header("cache-control"), Some("private, no-cache"));

    // A list of tags, a weak tag and `*` match too; a stale one does not.
    for held in [
        format!("\"0\", {etag}"),
        format!("W/{etag}"),
        "*".to_string(),
    ] {
        let r = app
            .get(&path)
            .bearer(&t)
            .header("If-None-Match", &held)
            .send()
            .await;
        assert_eq!(r.status.as_u16(), 304, "{held}");
    }
    app.patch(&path)
        .bearer(&t)
        .json(json!({"last_name": "Hopper"}))
        .send()
        .await;
    let r = app
        .get(&path)
        .bearer(&t)
        .header("If-None-Match", &etag)
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.body["last_name"], "Hopper");
    assert_ne!(r.header("etag"), Some(etag.as_str()));
}

#[actix_web::test]
async fn a_head_answers_as_the_get_would_with_its_headers_and_no_body() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let created = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Analytical Engines"}))
        .send()
        .await;
    let path = format!("/v1/companies/{}", created.body["id"].as_str().unwrap());
    let r = app.req(Method::HEAD, &path).bearer(&t).send().await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert!(r.text.is_empty());
    assert_eq!(r.header("etag"), created.header("etag"));
    let r = app
        .req(Method::HEAD, "/v1/companies")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 200);
    assert!(r.text.is_empty());
    let r = app
        .req(
            Method::HEAD,
            &format!("/v1/companies/{}", uuid::Uuid::now_v7()),
        )
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 404);
    assert!(r.text.is_empty());
    let r = app.req(Method::HEAD, "/v1/companies").send().await;
    assert_eq!(r.status.as_u16(), 401);
}

#[actix_web::test]
async fn authenticated_answers_are_private_and_vary_on_authorization_and_public_ones_are_not_marked()
 {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app.get("/v1/people").bearer(&t).send().await;
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.header("cache-control"), Some("private, no-cache"));
    let vary: Vec<&str> = r
        .headers
        .get_all("vary")
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(vary.iter().any(|v| v.contains("Authorization")), "{vary:?}");
    let r = app.get("/health/live").send().await;
    assert_eq!(r.header("cache-control"), None);
}

#[actix_web::test]
async fn a_path_with_a_trailing_slash_is_a_404_naming_the_path_meant_not_an_id_error() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app.get("/v1/people/").bearer(&t).send().await;
    r.problem(404, "route_not_found");
    assert!(
        r.body["detail"].as_str().unwrap().contains("/v1/people?"),
        "{}",
        r.text
    );
}

#[actix_web::test]
async fn answers_carrying_tokens_or_an_export_are_never_stored() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/v1/auth/signup")
        .json(serde_json::json!({"organisation_name": "Acme", "name": "Ada", "email": "ada@example.com", "password": "correct horse battery staple"}))
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let refresh = r.body["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = app
        .post("/v1/auth/login")
        .json(serde_json::json!({"email": "ada@example.com", "password": "correct horse battery staple"}))
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let t = r.body["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let r = app
        .post("/v1/auth/refresh")
        .json(serde_json::json!({"refresh_token": refresh}))
        .send()
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    for format in ["csv", "ndjson"] {
        let r = app
            .get(&format!("/v1/exports/people?format={format}"))
            .bearer(&t)
            .send()
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.text);
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    let r = app.get("/v1/me").bearer(&t).send().await;
    assert_eq!(r.header("cache-control"), Some("private, no-cache"));
}
