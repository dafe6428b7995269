//! Sign-up, sign-in, refresh, sign-out and token checks.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn signup_creates_an_organisation_and_its_signed_in_owner() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    assert_eq!(s["user"]["role"], "owner");
    assert_eq!(s["token_type"], "Bearer");
    let token = s["access_token"].as_str().unwrap();
    let me = app.get("/v1/me").bearer(token).send().await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["kind"], "user");
    assert_eq!(me.body["organisation"]["id"], s["organisation"]["id"]);
    assert_eq!(me.body["user"]["email"], "ada@example.com");
}

#[actix_web::test]
async fn signup_with_an_email_of_another_organisation_succeeds_without_saying_so() {
    let app = TestApp::spawn().await;
    let first = app.signup("ada@example.com").await;
    let r = app
        .post("/v1/auth/signup")
        .json(json!({"organisation_name": "Other", "name": "A", "email": "ADA@example.com", "password": "another long password"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_ne!(r.body["organisation"]["id"], first["organisation"]["id"]);
    assert_eq!(app.count("organisations").await, 2);
    // Each password opens its own organisation's account.
    for (password, org) in [
        ("correct horse battery", &first["organisation"]["id"]),
        ("another long password", &r.body["organisation"]["id"]),
    ] {
        let s = app
            .post("/v1/auth/login")
            .json(json!({"email": "ada@example.com", "password": password}))
            .send()
            .await;
        assert_eq!(s.status, 200, "{}", s.text);
        assert_eq!(&s.body["organisation_id"], org, "{}", s.text);
    }
}

#[actix_web::test]
async fn an_email_in_two_organisations_with_one_password_signs_in_to_the_oldest_or_the_one_named() {
    let app = TestApp::spawn().await;
    let first = app.signup("ada@example.com").await;
    let t = app.owner_token("grace@example.com").await;
    let other = app.create_user(&t, "ada@example.com", "sales").await;
    let other_org = app.get("/v1/me").bearer(&t).send().await.body["organisation"]["id"].clone();
    let login = |org: Option<&serde_json::Value>| {
        let mut body = json!({"email": "ada@example.com", "password": "correct horse battery"});
        if let Some(o) = org {
            body["organisation_id"] = o.clone();
        }
        app.post("/v1/auth/login").json(body).send()
    };
    let oldest = login(None).await;
    assert_eq!(oldest.status, 200, "{}", oldest.text);
    assert_eq!(oldest.body["user"]["id"], first["user"]["id"]);
    let named = login(Some(&other_org)).await;
    assert_eq!(named.status, 200, "{}", named.text);
    assert_eq!(named.body["user"]["id"], other["id"]);
    // An organisation where the email has no account is a plain 401.
    let nowhere = login(Some(&json!(uuid::Uuid::now_v7()))).await;
    nowhere.problem(401, "unauthorized");
}

#[actix_web::test]
async fn signup_with_invalid_fields_returns_422_naming_every_field() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/v1/auth/signup")
        .json(json!({"organisation_name": "", "name": "A", "email": "not-an-email", "password": "short"}))
        .send()
        .await;
    r.problem(422, "validation");
    let mut fields = r.error_fields();
    fields.sort();
    assert_eq!(fields, ["email", "organisation_name", "password"]);
}

#[actix_web::test]
async fn signup_when_turned_off_returns_403() {
    let app = TestApp::spawn_with(|a| a.signup = false).await;
    let r = app
        .post("/v1/auth/signup")
        .json(json!({"organisation_name": "X", "name": "A", "email": "a@example.com", "password": "correct horse battery"}))
        .send()
        .await;
    r.problem(403, "signup_disabled");
}

#[actix_web::test]
async fn login_with_a_wrong_password_or_unknown_email_returns_the_same_401() {
    let app = TestApp::spawn().await;
    app.signup("ada@example.com").await;
    let ok = app
        .post("/v1/auth/login")
        .json(json!({"email": "ada@example.com", "password": "correct horse battery"}))
        .send()
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(
        ok.body["user"]["last_login_at"].is_string() || ok.body["user"]["last_login_at"].is_null()
    );
    let wrong = app
        .post("/v1/auth/login")
        .json(json!({"email": "ada@example.com", "password": "wrong password!"}))
        .send()
        .await;
    wrong.problem(401, "unauthorized");
    assert!(
        wrong
            .header("www-authenticate")
            .unwrap_or_default()
            .starts_with("Bearer")
    );
    let unknown = app
        .post("/v1/auth/login")
        .json(json!({"email": "nobody@example.com", "password": "wrong password!"}))
        .send()
        .await;
    unknown.problem(401, "unauthorized");
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
}

#[actix_web::test]
async fn refresh_rotates_and_a_reused_refresh_token_ends_the_session() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let first = s["refresh_token"].as_str().unwrap();
    let r1 = app
        .post("/v1/auth/refresh")
        .json(json!({"refresh_token": first}))
        .send()
        .await;
    assert_eq!(r1.status, 200, "{}", r1.text);
    let second = r1.body["refresh_token"].as_str().unwrap();
    assert_ne!(first, second);
    assert_eq!(
        app.get("/v1/me")
            .bearer(r1.body["access_token"].as_str().unwrap())
            .send()
            .await
            .status,
        200
    );
    // Presenting the spent token again revokes the family, the new token included.
    app.post("/v1/auth/refresh")
        .json(json!({"refresh_token": first}))
        .send()
        .await
        .problem(401, "unauthorized");
    app.post("/v1/auth/refresh")
        .json(json!({"refresh_token": second}))
        .send()
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let rt = s["refresh_token"].as_str().unwrap();
    let r = app
        .post("/v1/auth/logout")
        .json(json!({"refresh_token": rt}))
        .send()
        .await;
    assert_eq!(r.status, 204);
    app.post("/v1/auth/refresh")
        .json(json!({"refresh_token": rt}))
        .send()
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn missing_forged_and_expired_tokens_return_401() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let r = app.get("/v1/me").send().await;
    r.problem(401, "unauthorized");
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));

    let org = crm_core_org(&s);
    let user = uuid::Uuid::parse_str(s["user"]["id"].as_str().unwrap()).unwrap();
    let forged = crm_api::jwt::JwtKeys::new(&[1u8; 32], 900)
        .issue(org, user)
        .unwrap();
    let r = app.get("/v1/me").bearer(&forged).send().await;
    r.problem(401, "unauthorized");
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer error=\"invalid_token\"")
    );

    let mut expired_keys = app.state.jwt.clone();
    expired_keys.ttl_seconds = -3600;
    let expired = expired_keys.issue(org, user).unwrap();
    app.get("/v1/me")
        .bearer(&expired)
        .send()
        .await
        .problem(401, "unauthorized");
    app.get("/v1/me")
        .bearer("not.a.jwt")
        .send()
        .await
        .problem(401, "unauthorized");
}

fn crm_core_org(s: &serde_json::Value) -> crm_core::ids::OrgId {
    crm_core::ids::OrgId(uuid::Uuid::parse_str(s["organisation"]["id"].as_str().unwrap()).unwrap())
}

#[actix_web::test]
async fn after_a_key_rotation_the_previous_secrets_tokens_work_until_it_is_dropped() {
    use crm_api::config::Secret;
    let (old, new) = ("o".repeat(40), "n".repeat(40));
    let app = TestApp::spawn_with(|a| a.jwt_secret = Some(Secret(old.clone()))).await;
    let before = app.owner_token("ada@example.com").await;
    // Replicas restarted with the new secret, the old one kept as previous.
    let rotated = app
        .replica(|a| {
            a.jwt_secret = Some(Secret(new.clone()));
            a.jwt_previous_secrets = vec![Secret(old.clone())];
        })
        .await;
    assert_eq!(
        rotated.get("/v1/me").bearer(&before).send().await.status,
        200
    );
    let after = rotated.login("ada@example.com").await;
    // One token lifetime later the old secret is dropped: its tokens stop.
    let done = app
        .replica(|a| a.jwt_secret = Some(Secret(new.clone())))
        .await;
    done.get("/v1/me")
        .bearer(&before)
        .send()
        .await
        .problem(401, "unauthorized");
    assert_eq!(done.get("/v1/me").bearer(&after).send().await.status, 200);
}
