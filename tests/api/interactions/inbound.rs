//! Email-to-case: a customer's message opens a case (and a person for an unknown
//! sender), a reply threads onto its case, a message is filed once; only the relay's
//! API key posts, and bad messages are refused by name.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn relay_key(app: &TestApp, t: &str, role: &str) -> String {
    let r = app
        .post("/v1/api-keys")
        .bearer(t)
        .json(json!({"name": format!("mail relay ({role})"), "role": role}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["secret"].as_str().unwrap().to_string()
}

fn message(id: &str, from: &str, subject: &str, extra: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: support@acme.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{extra}Date: Mon, 7 Dec 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

async fn post(app: &TestApp, key: &str, raw: String) -> crm_tests::Reply {
    app.post("/v1/inbound/email")
        .bearer(key)
        .raw("message/rfc822", raw)
        .send()
        .await
}

#[actix_web::test]
async fn a_message_from_an_unknown_sender_opens_a_case_with_a_new_person_and_an_email_on_their_timeline()
 {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let key = relay_key(&app, &t, "support").await;
    let raw = "From: \"Ada Lovelace\" <Ada@Example.com>\r\nSubject: Invoice charged twice\r\nMessage-ID: <first-1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nMy card was charged twice.\r\n--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"statement.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n";
    let r = post(&app, &key, raw.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let case = &r.body["case"];
    assert_eq!(
        (r.body["outcome"].clone(), r.body["person_created"].clone()),
        (json!("opened"), json!(true))
    );
    assert_eq!(
        (
            case["subject"].clone(),
            case["channel"].clone(),
            case["status"].clone()
        ),
        (json!("Invoice charged twice"), json!("email"), json!("new"))
    );
    assert_eq!(case["description"], "My card was charged twice.");
    assert_eq!(case["interaction_id"], r.body["interaction_id"]);
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/cases/{}", case["id"].as_str().unwrap()).as_str())
    );
    let person = r.body["person_id"].as_str().unwrap();
    let p = app
        .get(&format!("/v1/people/{person}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        (
            p.body["first_name"].clone(),
            p.body["last_name"].clone(),
            p.body["emails"][0]["address"].clone(),
            p.body["source"]["channel"].clone()
        ),
        (
            json!("Ada"),
            json!("Lovelace"),
            json!("ada@example.com"),
            json!("email")
        ),
        "{}",
        p.text
    );
    let i = app
        .get(&format!(
            "/v1/interactions/{}",
            r.body["interaction_id"].as_str().unwrap()
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        (
            i.body["channel"].clone(),
            i.body["direction"].clone(),
            i.body["external_id"].clone()
        ),
        (
            json!("email"),
            json!("inbound"),
            json!("first-1@example.com")
        )
    );
    let path = format!("/v1/cases/{}", case["id"].as_str().unwrap());
    let files = app
        .get(&format!("{path}/attachments"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(files.status, 200, "{}", files.text);
    let file = &files.body["data"][0];
    assert_eq!(
        (
            file["filename"].clone(),
            file["content_type"].clone(),
            file["size"].clone(),
            file["stored"].clone()
        ),
        (
            json!("statement.pdf"),
            json!("application/pdf"),
            json!(9),
            json!(true)
        )
    );
    let got = app
        .get(file["url"].as_str().unwrap())
        .bearer(&t)
        .send()
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.text, "%PDF-1.4\n");
    assert_eq!(
        got.header("content-disposition"),
        Some("attachment; filename=\"statement.pdf\"")
    );
}

#[actix_web::test]
async fn a_reply_threads_onto_its_case_by_references_or_its_token_and_a_strangers_token_opens_a_new_one()
 {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let key = relay_key(&app, &t, "support").await;
    let first = post(
        &app,
        &key,
        message(
            "m1@example.com",
            "ada@example.com",
            "Parcel lost",
            "",
            "Where is it?",
        ),
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let case = first.body["case"]["id"].as_str().unwrap().to_string();
    let path = format!("/v1/cases/{case}");
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "pending_customer"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Her reply names our answer (unknown here) and her first message in References.
    let refs =
        "In-Reply-To: <staff-9@acme.test>\r\nReferences: <m1@example.com> <staff-9@acme.test>\r\n";
    let reply = post(
        &app,
        &key,
        message(
            "m2@example.com",
            "Ada@example.com",
            "Re: Parcel lost",
            refs,
            "Any news?",
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        (
            reply.body["outcome"].clone(),
            reply.body["case"]["id"].clone(),
            reply.body["case"]["status"].clone()
        ),
        (json!("threaded"), json!(case), json!("open"))
    );
    assert_eq!(reply.body["person_id"], first.body["person_id"]);
    let token = post(
        &app,
        &key,
        message(
            "m3@example.com",
            "ada@example.com",
            "Re: [CASE-000001] Parcel lost",
            "",
            "Found it, thanks",
        ),
    )
    .await;
    assert_eq!(token.body["outcome"], "threaded", "{}", token.text);
    let stranger = post(
        &app,
        &key,
        message(
            "m4@example.com",
            "eve@example.org",
            "Re: [CASE-000001] Parcel lost",
            "",
            "Let me in",
        ),
    )
    .await;
    assert_eq!(stranger.status, 201, "{}", stranger.text);
    assert_eq!(stranger.body["case"]["number"], 2);
    let h = app.get(&format!("{path}/history")).bearer(&t).send().await;
    let emails: Vec<Value> = h.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "email")
        .map(|e| e["to"].clone())
        .collect();
    assert_eq!(
        emails,
        [
            json!("Re: Parcel lost"),
            json!("Re: [CASE-000001] Parcel lost")
        ]
    );
    let person = first.body["person_id"].as_str().unwrap();
    let timeline = app
        .get(&format!("/v1/people/{person}/timeline?kind=interaction"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(timeline.body["data"].as_array().map(Vec::len), Some(3));
}

#[actix_web::test]
async fn the_same_message_twice_is_filed_once() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let key = relay_key(&app, &t, "support").await;
    let raw = message("once@example.com", "ada@example.com", "Hello", "", "Hi");
    let a = post(&app, &key, raw.clone()).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let b = post(&app, &key, raw).await;
    assert_eq!(b.status, 200, "{}", b.text);
    assert_eq!(
        (
            b.body["outcome"].clone(),
            b.body["case"]["id"].clone(),
            b.body["interaction_id"].clone()
        ),
        (
            json!("duplicate"),
            a.body["case"]["id"].clone(),
            a.body["interaction_id"].clone()
        )
    );
    assert_eq!(app.count("cases").await, 1);
    assert_eq!(app.count("interactions").await, 1);
    assert_eq!(app.count("people").await, 1);
}

#[actix_web::test]
async fn only_a_relay_key_that_works_cases_posts_and_bad_messages_are_refused_by_name() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let key = relay_key(&app, &t, "support").await;
    let sales = relay_key(&app, &t, "sales").await;
    let raw = message("x@example.com", "ada@example.com", "Hello", "", "Hi");
    post(&app, &t, raw.clone()).await.problem(403, "forbidden");
    post(&app, &sales, raw.clone())
        .await
        .problem(403, "forbidden");
    let r = app
        .post("/v1/inbound/email")
        .bearer(&key)
        .raw("text/plain", raw)
        .send()
        .await;
    r.problem(415, "unsupported_media_type");
    let r = post(&app, &key, "Subject: no sender\r\n\r\nbody".into()).await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["from"]);
    let r = post(&app, &key, String::new()).await;
    assert_eq!(r.error_fields(), ["message"]);
    let huge = message(
        "big@example.com",
        "ada@example.com",
        "Big",
        "",
        &"x".repeat(11 * 1024 * 1024),
    );
    post(&app, &key, huge)
        .await
        .problem(413, "payload_too_large");
    assert_eq!(app.count("cases").await, 0);
    assert_eq!(app.count("people").await, 0);
}
