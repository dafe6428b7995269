//! API keys: shown once, stored hashed, recognisable, revocable, role-bound.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn a_new_key_shows_its_secret_once_and_authenticates_with_its_role() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app
        .post("/v1/api-keys")
        .bearer(&t)
        .json(json!({"name": "Import", "role": "viewer"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let secret = r.body["secret"].as_str().unwrap();
    assert!(secret.starts_with("crm_") && secret.len() == 42);
    assert_eq!(r.body["prefix"], secret[..12]);
    let id = r.body["id"].as_str().unwrap();
    let read = app
        .get(&format!("/v1/api-keys/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert!(
        read.body.get("secret").is_none(),
        "the secret is never shown again"
    );
    assert!(!read.text.contains(&secret[12..]));
    let list = app.get("/v1/api-keys").bearer(&t).send().await;
    assert!(!list.text.contains(&secret[12..]));
    let me = app.get("/v1/me").bearer(secret).send().await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["kind"], "api_key");
    assert_eq!(me.body["role"], "viewer");
    // A viewer key may read users but not create them.
    assert_eq!(app.get("/v1/users").bearer(secret).send().await.status, 200);
    app.post("/v1/users")
        .bearer(secret)
        .json(json!({"email": "x@example.com", "name": "X", "role": "viewer", "password": "correct horse battery"}))
        .send()
        .await
        .problem(403, "forbidden");
}

#[actix_web::test]
async fn revoked_keys_and_keys_with_a_bad_checksum_are_refused() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app
        .post("/v1/api-keys")
        .bearer(&t)
        .json(json!({"name": "k", "role": "admin"}))
        .send()
        .await;
    let secret = r.body["secret"].as_str().unwrap().to_string();
    let mut typo = secret.clone();
    typo.replace_range(10..11, if &secret[10..11] == "a" { "b" } else { "a" });
    app.get("/v1/me")
        .bearer(&typo)
        .send()
        .await
        .problem(401, "unauthorized");
    let id = r.body["id"].as_str().unwrap();
    let rev = app
        .post(&format!("/v1/api-keys/{id}/revoke"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(rev.status, 200);
    assert!(rev.body["revoked_at"].is_string());
    app.get("/v1/me")
        .bearer(&secret)
        .send()
        .await
        .problem(401, "unauthorized");
    let again = app
        .post(&format!("/v1/api-keys/{id}/revoke"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        again.body["version"], rev.body["version"],
        "revoking twice changes nothing"
    );
}

#[actix_web::test]
async fn only_owners_create_owner_keys_and_expiry_must_be_in_the_future() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    app.create_user(&t, "admin@example.com", "admin").await;
    let at = app.login("admin@example.com").await;
    let r = app
        .post("/v1/api-keys")
        .bearer(&at)
        .json(json!({"name": "k", "role": "owner"}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["role"]);
    let r = app
        .post("/v1/api-keys")
        .bearer(&t)
        .json(json!({"name": "k", "role": "sales", "expires_at": "2000-01-01T00:00:00Z"}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["expires_at"]);
    assert_eq!(app.count("api_keys").await, 0);
}
