//! Staff users: create, read, update with preconditions, delete and restore, roles.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn an_owner_creates_reads_updates_and_deletes_a_user() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let r = app
        .post("/v1/users")
        .bearer(&t)
        .json(json!({"email": "Grace@Example.com", "name": "Grace", "role": "sales", "password": "correct horse battery"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/users/{id}").as_str())
    );
    assert_eq!(
        r.body["email"], "grace@example.com",
        "emails are normalised"
    );
    assert_eq!(r.body["version"], 1);

    let read = app.get(&format!("/v1/users/{id}")).bearer(&t).send().await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("etag"), Some("\"1\""));

    let upd = app
        .patch(&format!("/v1/users/{id}"))
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"role": "manager"}))
        .send()
        .await;
    assert_eq!(upd.status, 200, "{}", upd.text);
    assert_eq!(upd.body["role"], "manager");
    assert_eq!(upd.body["name"], "Grace", "absent fields are unchanged");
    assert_eq!(upd.body["version"], 2);
    assert_eq!(upd.header("etag"), Some("\"2\""));

    let del = app
        .delete(&format!("/v1/users/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(del.status, 204);
    app.get(&format!("/v1/users/{id}"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn a_stale_if_match_returns_412_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let u = app.create_user(&t, "grace@example.com", "sales").await;
    let path = format!("/v1/users/{}", u["id"].as_str().unwrap());
    app.patch(&path)
        .bearer(&t)
        .json(json!({"name": "G"}))
        .send()
        .await;
    let r = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"name": "Lost update"}))
        .send()
        .await;
    r.problem(412, "precondition_failed");
    assert_eq!(r.header("etag"), Some("\"2\""));
    let now = app.get(&path).bearer(&t).send().await;
    assert_eq!(now.body["name"], "G");
    let r = app
        .delete(&path)
        .bearer(&t)
        .header("If-Match", "\"garbage\"")
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.error_fields(), ["If-Match"]);
}

#[actix_web::test]
async fn unknown_read_only_and_null_fields_in_a_patch_return_422_naming_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let u = app.create_user(&t, "grace@example.com", "sales").await;
    let path = format!("/v1/users/{}", u["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"nmae": "typo"}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.body["errors"][0]["field"], "nmae");
    assert_eq!(r.body["errors"][0]["code"], "unknown_field");
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"version": 9}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.body["errors"][0]["code"], "read_only");
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"name": null}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.body["errors"][0]["code"], "not_nullable");
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"role": "emperor"}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["role"]);
    assert_eq!(
        app.get(&path).bearer(&t).send().await.body["version"],
        1,
        "nothing was written"
    );
}

#[actix_web::test]
async fn the_last_owner_cannot_be_demoted_deactivated_or_deleted() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    let me = format!("/v1/users/{}", s["user"]["id"].as_str().unwrap());
    app.patch(&me)
        .bearer(t)
        .json(json!({"role": "admin"}))
        .send()
        .await
        .problem(409, "conflict");
    app.patch(&me)
        .bearer(t)
        .json(json!({"status": "deactivated"}))
        .send()
        .await
        .problem(409, "conflict");
    let admin = app.create_user(t, "admin@example.com", "admin").await;
    let admin_token = app.login("admin@example.com").await;
    // An admin may not delete an owner at all (the last one or not).
    app.delete(&me)
        .bearer(&admin_token)
        .send()
        .await
        .problem(403, "forbidden");
    // A second owner makes the first one removable.
    let r = app
        .patch(&format!("/v1/users/{}", admin["id"].as_str().unwrap()))
        .bearer(&admin_token)
        .json(json!({"role": "owner"}))
        .send()
        .await;
    r.problem(422, "validation");
    let r = app
        .patch(&format!("/v1/users/{}", admin["id"].as_str().unwrap()))
        .bearer(t)
        .json(json!({"role": "owner"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        app.patch(&me)
            .bearer(t)
            .json(json!({"role": "admin"}))
            .send()
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn deleted_users_lose_access_and_can_be_restored() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let u = app.create_user(&t, "grace@example.com", "sales").await;
    let gt = app.login("grace@example.com").await;
    assert_eq!(app.get("/v1/me").bearer(&gt).send().await.status, 200);
    let path = format!("/v1/users/{}", u["id"].as_str().unwrap());
    assert_eq!(app.delete(&path).bearer(&t).send().await.status, 204);
    app.get("/v1/me")
        .bearer(&gt)
        .send()
        .await
        .problem(401, "unauthorized");
    let list = app.get("/v1/users").bearer(&t).send().await;
    assert_eq!(
        list.body["data"].as_array().unwrap().len(),
        1,
        "deleted users are hidden from lists"
    );
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["version"], 3);
    assert_eq!(app.get("/v1/me").bearer(&gt).send().await.status, 200);
    app.post(&format!("{path}/restore"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn deactivated_users_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let u = app.create_user(&t, "grace@example.com", "support").await;
    let path = format!("/v1/users/{}", u["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "deactivated"}))
        .send()
        .await;
    assert_eq!(r.body["status"], "deactivated");
    app.post("/v1/auth/login")
        .json(json!({"email": "grace@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn roles_below_admin_cannot_manage_users_and_callers_cannot_delete_themselves() {
    let app = TestApp::spawn().await;
    let s = app.signup("ada@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    app.create_user(t, "sam@example.com", "sales").await;
    let st = app.login("sam@example.com").await;
    assert_eq!(
        app.get("/v1/users").bearer(&st).send().await.status,
        200,
        "everyone may read the staff list"
    );
    app.post("/v1/users")
        .bearer(&st)
        .json(json!({"email": "x@example.com", "name": "X", "role": "viewer", "password": "correct horse battery"}))
        .send()
        .await
        .problem(403, "forbidden");
    app.get("/v1/audit-events")
        .bearer(&st)
        .send()
        .await
        .problem(403, "forbidden");
    let me = format!("/v1/users/{}", s["user"]["id"].as_str().unwrap());
    app.create_user(t, "other-owner@example.com", "owner").await;
    app.delete(&me)
        .bearer(t)
        .send()
        .await
        .problem(409, "conflict");
}

#[actix_web::test]
async fn an_email_taken_in_the_same_organisation_returns_409() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    app.create_user(&t, "grace@example.com", "sales").await;
    let r = app
        .post("/v1/users")
        .bearer(&t)
        .json(json!({"email": "grace@example.com", "name": "Again", "role": "sales", "password": "correct horse battery"}))
        .send()
        .await;
    r.problem(409, "conflict");
    assert_eq!(app.count("users").await, 2);
}

#[actix_web::test]
async fn an_email_of_another_organisation_can_be_invited_without_a_hint_that_it_exists() {
    let app = TestApp::spawn().await;
    app.signup("ada@example.com").await;
    let t = app.owner_token("grace@example.com").await;
    let u = app.create_user(&t, "ADA@example.com", "sales").await;
    assert_eq!(u["email"], "ada@example.com");
    assert_eq!(app.count("users").await, 3);
}

#[actix_web::test]
async fn a_role_lowered_through_the_api_applies_to_the_users_next_request() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let u = app.create_user(&t, "grace@example.com", "admin").await;
    let gt = app.login("grace@example.com").await;
    let r = app
        .post("/v1/users")
        .bearer(&gt)
        .json(json!({"email": "kim@example.com", "name": "Kim", "role": "sales", "password": "correct horse battery"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let path = format!("/v1/users/{}", u["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"role": "viewer"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.post("/v1/users")
        .bearer(&gt)
        .json(json!({"email": "lin@example.com", "name": "Lin", "role": "sales", "password": "correct horse battery"}))
        .send()
        .await
        .problem(403, "forbidden");
}

/// Grace, signed in and answered once, then deactivated straight in the database (as
/// another replica would) on an app whose auth cache lives `cache_ms`; her token.
async fn grace_deactivated_behind_the_apps_back(cache_ms: u64) -> (TestApp, String) {
    let app = TestApp::spawn_with(|a| a.auth_cache_ms = cache_ms).await;
    let t = app.owner_token("ada@example.com").await;
    app.create_user(&t, "grace@example.com", "sales").await;
    let gt = app.login("grace@example.com").await;
    assert_eq!(app.get("/v1/me").bearer(&gt).send().await.status, 200);
    app.execute("UPDATE users SET status = 'deactivated' WHERE email = 'grace@example.com'")
        .await;
    (app, gt)
}

#[actix_web::test]
async fn a_user_deactivated_by_another_replica_loses_access_once_the_auth_cache_lifetime_passes() {
    let (app, gt) = grace_deactivated_behind_the_apps_back(300).await;
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    app.get("/v1/me")
        .bearer(&gt)
        .send()
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn with_the_auth_cache_off_a_change_by_another_replica_applies_at_once() {
    let (app, gt) = grace_deactivated_behind_the_apps_back(0).await;
    app.get("/v1/me")
        .bearer(&gt)
        .send()
        .await
        .problem(401, "unauthorized");
}

#[actix_web::test]
async fn only_an_owner_changes_deactivates_or_deletes_an_owner() {
    let app = TestApp::spawn().await;
    let ada = app.owner_token("ada@example.com").await;
    let second = app.create_user(&ada, "ben@example.com", "owner").await;
    let second = second["id"].as_str().unwrap().to_string();
    app.create_user(&ada, "grace@example.com", "admin").await;
    let grace = app.login("grace@example.com").await;
    let path = format!("/v1/users/{second}");
    for body in [
        serde_json::json!({"role": "viewer"}),
        serde_json::json!({"status": "deactivated"}),
        serde_json::json!({"name": "Renamed by an admin"}),
    ] {
        app.patch(&path)
            .bearer(&grace)
            .json(body)
            .send()
            .await
            .problem(403, "forbidden");
    }
    app.delete(&path)
        .bearer(&grace)
        .send()
        .await
        .problem(403, "forbidden");
    let read = app.get(&path).bearer(&ada).send().await;
    assert_eq!(read.body["role"], "owner");
    assert_eq!(read.body["status"], "active");
    // An owner may: the other owner stays, so the organisation keeps one.
    let r = app
        .patch(&path)
        .bearer(&ada)
        .json(serde_json::json!({"role": "admin"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Now an admin, the same user is the admin's to manage.
    let r = app
        .patch(&path)
        .bearer(&grace)
        .json(serde_json::json!({"name": "Ben"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}
