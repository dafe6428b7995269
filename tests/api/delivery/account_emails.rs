//! Account emails through a real SMTP server on loopback: staff invitations with a
//! single-use link to choose a password, and password resets.

use crm_tests::smtp::{Mail, SmtpServer};
use crm_tests::{Reply, TestApp};
use serde_json::{Value, json};

async fn app(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(|a| {
        a.delivery.smtp_url = Some(crm_api::config::SmtpUrl(url));
        a.delivery.app_url = "https://app.example.com".into();
    })
    .await
}

/// The token of the link in `mail` that opens `page`.
fn token(mail: &Mail, page: &str) -> String {
    let start = format!("https://app.example.com/{page}?token=");
    let body = mail.body();
    let at = body
        .find(&start)
        .unwrap_or_else(|| panic!("no {page} link in {body}"));
    body[at + start.len()..].chars().take(43).collect()
}

async fn invite(app: &TestApp, t: &str, email: &str) -> Value {
    let r = app
        .post("/v1/users")
        .bearer(t)
        .json(json!({"email": email, "name": "Grace", "role": "sales"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

/// Posts a link's token with a new password to `action` (`accept-invitation` or
/// `password-reset/confirm`).
async fn link(app: &TestApp, action: &str, token: &str, password: &str) -> Reply {
    app.post(&format!("/v1/auth/{action}"))
        .json(json!({"token": token, "password": password}))
        .send()
        .await
}

/// The answer refuses the link's token alone.
fn refused_token(r: &Reply) {
    assert_eq!(r.problem(422, "validation")["errors"][0]["field"], "token");
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> u16 {
    app.post("/v1/auth/login")
        .json(json!({"email": email, "password": password}))
        .send()
        .await
        .status
        .as_u16()
}

#[actix_web::test]
async fn an_invited_user_chooses_a_password_through_the_emailed_link_once_and_signs_in() {
    let smtp = SmtpServer::start();
    let app = app(&smtp).await;
    let t = app.owner_token("owner@mail.test").await;
    let user = invite(&app, &t, "grace@mail.test").await;
    assert_eq!(user["status"], "invited");
    assert_eq!(
        sign_in(&app, "grace@mail.test", "correct horse battery").await,
        401
    );

    app.deliver().await;
    let mail = smtp.mail();
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0].to.len(), 1);
    assert!(
        mail[0].to[0].ends_with("<grace@mail.test>"),
        "{:?}",
        mail[0].to
    );
    assert_eq!(
        mail[0].header("Subject").unwrap(),
        "You are invited to Org of owner@mail.test"
    );
    let secret = token(&mail[0], "accept-invitation");
    assert_eq!(
        app.count(&format!("email_messages WHERE body_text LIKE '%{secret}%'"))
            .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "account_tokens WHERE token_digest LIKE '%{secret}%'"
        ))
        .await,
        0,
        "only a digest of the secret is stored"
    );

    let r = link(&app, "accept-invitation", &secret, "a password of mine").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["user"]["status"], "active");
    assert!(r.body["access_token"].as_str().is_some());
    assert_eq!(
        sign_in(&app, "grace@mail.test", "a password of mine").await,
        200
    );

    let again = link(&app, "accept-invitation", &secret, "another password").await;
    refused_token(&again);
    assert_eq!(
        sign_in(&app, "grace@mail.test", "another password").await,
        401
    );
    assert_eq!(smtp.mail().len(), 1, "nothing is sent twice");
}

#[actix_web::test]
async fn a_new_invitation_voids_the_earlier_link_and_an_accepted_user_is_not_invited_again() {
    let smtp = SmtpServer::start();
    let app = app(&smtp).await;
    let t = app.owner_token("owner@mail.test").await;
    let id = invite(&app, &t, "grace@mail.test").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.deliver().await;
    let first = token(&smtp.mail()[0], "accept-invitation");
    let again = app
        .post(&format!("/v1/users/{id}/invitation"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(again.status, 202, "{}", again.text);
    assert_eq!(again.body["status"], "invited");
    app.deliver().await;
    let mail = smtp.mail();
    assert_eq!(mail.len(), 2);
    let second = token(&mail[1], "accept-invitation");
    assert_ne!(first, second);
    let old = link(&app, "accept-invitation", &first, "a password of mine").await;
    assert_eq!(old.status, 422, "{}", old.text);
    let new = link(&app, "accept-invitation", &second, "a password of mine").await;
    assert_eq!(new.status, 200, "{}", new.text);
    let accepted = app
        .post(&format!("/v1/users/{id}/invitation"))
        .bearer(&t)
        .send()
        .await;
    accepted.problem(409, "conflict");
    let sales = new.body["access_token"].as_str().unwrap();
    let r = app
        .post(&format!("/v1/users/{id}/invitation"))
        .bearer(sales)
        .send()
        .await;
    assert_eq!(r.status, 403, "sales does not invite");
}

#[actix_web::test]
async fn only_accepting_makes_an_invited_user_active_and_an_echoed_status_is_taken() {
    let smtp = SmtpServer::start();
    let app = app(&smtp).await;
    let t = app.owner_token("owner@mail.test").await;
    let user = invite(&app, &t, "grace@mail.test").await;
    let id = user["id"].as_str().unwrap();
    for status in ["active", "deactivated"] {
        let r = app
            .patch(&format!("/v1/users/{id}"))
            .bearer(&t)
            .json(json!({"status": status}))
            .send()
            .await;
        assert_eq!(r.problem(422, "validation")["errors"][0]["field"], "status");
    }
    let echo = app
        .patch(&format!("/v1/users/{id}"))
        .bearer(&t)
        .json(json!({"name": "Grace H", "status": "invited", "role": "sales"}))
        .send()
        .await;
    assert_eq!(echo.status, 200, "{}", echo.text);
    assert_eq!(echo.body["status"], "invited");
    let active = app.create_user(&t, "ada@mail.test", "sales").await;
    let r = app
        .patch(&format!("/v1/users/{}", active["id"].as_str().unwrap()))
        .bearer(&t)
        .json(json!({"status": "invited"}))
        .send()
        .await;
    assert_eq!(r.problem(422, "validation")["errors"][0]["field"], "status");
}

#[actix_web::test]
async fn a_reset_link_changes_the_password_once_and_ends_every_session() {
    let smtp = SmtpServer::start();
    let app = app(&smtp).await;
    let t = app.owner_token("owner@mail.test").await;
    app.create_user(&t, "grace@mail.test", "sales").await;
    let session = app
        .post("/v1/auth/login")
        .json(json!({"email": "grace@mail.test", "password": "correct horse battery"}))
        .send()
        .await;
    let refresh = session.body["refresh_token"].as_str().unwrap().to_string();

    let known = app
        .post("/v1/auth/password-reset")
        .json(json!({"email": "Grace@mail.test"}))
        .send()
        .await;
    let unknown = app
        .post("/v1/auth/password-reset")
        .json(json!({"email": "nobody@mail.test"}))
        .send()
        .await;
    assert_eq!((known.status.as_u16(), unknown.status.as_u16()), (202, 202));
    assert_eq!(known.text, unknown.text, "the same answer either way");
    app.deliver().await;
    let mail = smtp.mail();
    assert_eq!(mail.len(), 1, "{mail:?}");
    assert_eq!(mail[0].to.len(), 1);
    assert!(
        mail[0].to[0].ends_with("<grace@mail.test>"),
        "{:?}",
        mail[0].to
    );
    let secret = token(&mail[0], "reset-password");

    let r = link(
        &app,
        "password-reset/confirm",
        &secret,
        "a brand new password",
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(
        sign_in(&app, "grace@mail.test", "correct horse battery").await,
        401
    );
    assert_eq!(
        sign_in(&app, "grace@mail.test", "a brand new password").await,
        200
    );
    let old = app
        .post("/v1/auth/refresh")
        .json(json!({"refresh_token": refresh}))
        .send()
        .await;
    assert_eq!(old.status, 401, "the sessions before the reset are over");
    let twice = link(
        &app,
        "password-reset/confirm",
        &secret,
        "yet another password",
    )
    .await;
    refused_token(&twice);
    let audit = app
        .get("/v1/audit-events?action=user.password_reset")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    assert_eq!(
        audit.body["data"].as_array().unwrap().len(),
        1,
        "{}",
        audit.text
    );
}

#[actix_web::test]
async fn an_expired_or_malformed_link_and_a_short_password_are_refused_by_field() {
    let smtp = SmtpServer::start();
    let app = app(&smtp).await;
    let t = app.owner_token("owner@mail.test").await;
    app.create_user(&t, "grace@mail.test", "sales").await;
    app.post("/v1/auth/password-reset")
        .json(json!({"email": "grace@mail.test"}))
        .send()
        .await;
    app.deliver().await;
    let secret = token(&smtp.mail()[0], "reset-password");
    let bad = link(&app, "password-reset/confirm", "not-a-token", "short").await;
    bad.problem(422, "validation");
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["password", "token"]);
    app.execute("UPDATE account_tokens SET expires_at = created_at")
        .await;
    let expired = link(
        &app,
        "password-reset/confirm",
        &secret,
        "a brand new password",
    )
    .await;
    refused_token(&expired);
    assert_eq!(
        sign_in(&app, "grace@mail.test", "correct horse battery").await,
        200
    );
}

#[actix_web::test]
async fn account_emails_are_limited_per_address_silently_for_resets_and_with_429_for_invitations() {
    let smtp = SmtpServer::start();
    let app = app(&smtp).await;
    let t = app.owner_token("owner@mail.test").await;
    app.create_user(&t, "grace@mail.test", "sales").await;
    for _ in 0..5 {
        let r = app
            .post("/v1/auth/password-reset")
            .json(json!({"email": "grace@mail.test"}))
            .send()
            .await;
        assert_eq!(r.status, 202);
    }
    assert_eq!(
        app.count("email_messages").await,
        3,
        "three an hour per address"
    );

    let id = invite(&app, &t, "ada@mail.test").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..2 {
        let r = app
            .post(&format!("/v1/users/{id}/invitation"))
            .bearer(&t)
            .send()
            .await;
        assert_eq!(r.status, 202, "{}", r.text);
    }
    let r = app
        .post(&format!("/v1/users/{id}/invitation"))
        .bearer(&t)
        .send()
        .await;
    r.problem(429, "rate_limited");
    assert!(r.header("retry-after").is_some());
    assert_eq!(app.count("email_messages").await, 6);
    app.deliver().await;
    assert_eq!(smtp.mail().len(), 6);
}
