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

async fn key(app: &TestApp, t: &str, name: &str) -> (String, String) {
    let r = app
        .post("/v1/api-keys")
        .bearer(t)
        .json(json!({"name": name, "role": "viewer"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    (
        r.body["id"].as_str().unwrap().to_string(),
        r.body["secret"].as_str().unwrap().to_string(),
    )
}

#[actix_web::test]
async fn a_key_dies_with_its_creator_unless_an_owner_transfers_it_first() {
    let app = TestApp::spawn().await;
    let owner = app.owner_token("ada@example.com").await;
    let me = app.get("/v1/me").bearer(&owner).send().await;
    let owner_id = me.body["user"]["id"].as_str().unwrap().to_string();
    let admin = app.create_user(&owner, "grace@example.com", "admin").await;
    let admin_id = admin["id"].as_str().unwrap().to_string();
    let grace = app.login("grace@example.com").await;
    let (dies, dies_secret) = key(&app, &grace, "Grace's script").await;
    let (kept, kept_secret) = key(&app, &grace, "Nightly import").await;
    // Only an owner transfers, to an active staff user, a key that is not revoked.
    let transfer = |id: &str, token: &str, to: &str| {
        app.post(&format!("/v1/api-keys/{id}/transfer"))
            .bearer(token)
            .json(json!({"user_id": to}))
            .send()
    };
    transfer(&kept, &grace, &admin_id)
        .await
        .problem(403, "forbidden");
    let r = transfer(&kept, &owner, "00000000-0000-7000-8000-000000000000").await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["user_id"]);
    let r = transfer(&kept, &owner, &owner_id).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["created_by"], owner_id.as_str());
    let audit = app
        .get(&format!(
            "/v1/audit-events?resource_id={kept}&action=api_key.transferred"
        ))
        .bearer(&owner)
        .send()
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    assert_eq!(
        audit.body["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        audit.text
    );
    // Grace leaves: her sessions and the key still hers stop; the transferred one works.
    let r = app
        .delete(&format!("/v1/users/{admin_id}"))
        .bearer(&owner)
        .send()
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(
        app.get("/v1/me").bearer(&dies_secret).send().await.status,
        401
    );
    assert_eq!(
        app.get("/v1/me").bearer(&kept_secret).send().await.status,
        200
    );
    let read = app
        .get(&format!("/v1/api-keys/{dies}"))
        .bearer(&owner)
        .send()
        .await;
    assert!(read.body["revoked_at"].is_string(), "{}", read.text);
    transfer(&dies, &owner, &owner_id)
        .await
        .problem(409, "conflict");
}

#[actix_web::test]
async fn deactivating_a_staff_user_revokes_the_keys_they_created() {
    let app = TestApp::spawn().await;
    let owner = app.owner_token("ada@example.com").await;
    let sales = app.create_user(&owner, "lin@example.com", "admin").await;
    let lin = app.login("lin@example.com").await;
    let (_, secret) = key(&app, &lin, "Lin's export").await;
    assert_eq!(app.get("/v1/me").bearer(&secret).send().await.status, 200);
    let r = app
        .patch(&format!("/v1/users/{}", sales["id"].as_str().unwrap()))
        .bearer(&owner)
        .json(json!({"status": "deactivated"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.get("/v1/me").bearer(&secret).send().await.status, 401);
}
