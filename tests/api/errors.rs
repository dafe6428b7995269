//! Bad input of every kind gets its documented status as problem+json.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn malformed_json_returns_400() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/v1/auth/login")
        .raw("application/json", "{\"email\": ")
        .send()
        .await;
    r.problem(400, "malformed_json");
    assert_eq!(r.body["instance"], "/v1/auth/login");
}

#[actix_web::test]
async fn a_body_that_is_not_json_returns_415() {
    let app = TestApp::spawn().await;
    app.post("/v1/auth/login")
        .raw("text/plain", "email=a")
        .send()
        .await
        .problem(415, "unsupported_media_type");
    app.post("/v1/auth/login")
        .send()
        .await
        .problem(415, "unsupported_media_type");
}

#[actix_web::test]
async fn a_body_over_one_mebibyte_returns_413() {
    let app = TestApp::spawn().await;
    let big = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(1024 * 1024 + 10)
    );
    app.post("/v1/auth/login")
        .raw("application/json", big)
        .send()
        .await
        .problem(413, "payload_too_large");
}

#[actix_web::test]
async fn wrong_types_and_missing_fields_return_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/v1/auth/login")
        .json(json!({"email": 5, "password": "x"}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["email"]);
    let r = app
        .post("/v1/auth/login")
        .json(json!({"email": "a@b.c"}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.body["errors"][0],
        json!({"field": "password", "code": "required", "message": "this field is required"})
    );
    let r = app.post("/v1/auth/login").json(json!([1, 2])).send().await;
    r.problem(422, "validation");
}

#[actix_web::test]
async fn unknown_routes_return_404_and_other_methods_405_with_allow() {
    let app = TestApp::spawn().await;
    app.get("/v1/nothing-here")
        .send()
        .await
        .problem(404, "route_not_found");
    let r = app.delete("/v1/users").send().await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("GET, HEAD, POST"));
    let r = app
        .req(
            actix_web::http::Method::PUT,
            &format!("/v1/users/{}", uuid::Uuid::now_v7()),
        )
        .send()
        .await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("DELETE, GET, HEAD, PATCH"));
}

#[actix_web::test]
async fn a_malformed_id_in_a_path_returns_400_naming_it() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app.get("/v1/users/not-a-uuid").bearer(&t).send().await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.error_fields(), ["id"]);
}

#[actix_web::test]
async fn credentials_are_checked_before_anything_else() {
    let app = TestApp::spawn().await;
    app.get("/v1/users/not-a-uuid")
        .send()
        .await
        .problem(401, "unauthorized");
    app.post("/v1/users")
        .raw("text/plain", "x")
        .send()
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn an_array_where_an_object_belongs_returns_422_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let c = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Engines"}))
        .send()
        .await;
    let id = c.body["id"].as_str().unwrap();
    for body in ["[]", " [\"Engines\"]"] {
        let r = app
            .patch(&format!("/v1/companies/{id}"))
            .bearer(&t)
            .raw("application/json", body)
            .send()
            .await;
        r.problem(422, "validation");
        assert_eq!(r.body["errors"][0]["field"], "body", "{}", r.text);
        assert_eq!(r.body["errors"][0]["code"], "invalid_type", "{}", r.text);
    }
    let after = app
        .get(&format!("/v1/companies/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(after.body["version"], 1);
}

#[actix_web::test]
async fn field_errors_speak_plain_words_not_the_deserializers() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "lifecycle_stage": "Lead"}))
        .send()
        .await;
    r.problem(422, "validation");
    let e = &r.body["errors"][0];
    assert_eq!(e["field"], "lifecycle_stage");
    assert_eq!(e["code"], "invalid_value");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.starts_with("'Lead' is not allowed; must be one of: subscriber, lead, "),
        "{message}"
    );
    assert!(!message.contains('`'), "{message}");

    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": 7}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.body["errors"][0]["message"],
        "must be a string, not a number"
    );

    let r = app
        .get("/v1/people?lifecycle_stage=Lead")
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.body["errors"][0]["code"], "invalid_value", "{}", r.text);
}

#[actix_web::test]
async fn every_problem_type_resolves_to_a_page_this_server_serves() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .get(&format!("/v1/people/{}", uuid::Uuid::now_v7()))
        .bearer(&t)
        .send()
        .await;
    r.problem(404, "not_found");
    assert_eq!(r.body["type"], "/problems/not_found");
    let page = app.get("/problems/not_found").send().await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.body["code"], "not_found");
    assert_eq!(page.body["status"], 404);
    assert!(page.body["description"].as_str().unwrap().len() > 20);

    let all = app.get("/problems").send().await;
    let listed = all.body["data"].as_array().unwrap();
    assert!(listed.len() >= 20);
    for p in listed {
        let path = p["type"].as_str().unwrap();
        assert_eq!(app.get(path).send().await.status, 200, "{path}");
    }
    app.get("/problems/no_such_code")
        .send()
        .await
        .problem(404, "not_found");
}
