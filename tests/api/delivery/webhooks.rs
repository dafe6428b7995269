//! Webhooks: the outbox relayed to subscribed endpoints, each delivery signed as
//! Standard Webhooks says (checked here by a second implementation), retried on the
//! receiver's `Retry-After`, a 410 disabling the endpoint, the SSRF guard, the delivery
//! log, replays, pings and secret rotation, against a real HTTP receiver on loopback.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use crm_tests::TestApp;
use crm_tests::receiver::{Received, Receiver};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

/// An app whose webhooks may reach loopback (the receiver).
async fn app() -> TestApp {
    TestApp::spawn_with(|a| a.delivery.webhook_allow_private = true).await
}

async fn endpoint(app: &TestApp, t: &str, url: &str, types: Value) -> (String, String) {
    let r = app
        .post("/v1/webhook-endpoints")
        .bearer(t)
        .json(json!({"url": url, "event_types": types}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let s = app
        .get(&format!("/v1/webhook-endpoints/{id}/secret"))
        .bearer(t)
        .send()
        .await;
    assert_eq!(s.status, 200, "{}", s.text);
    (id, s.body["secret"].as_str().unwrap().to_string())
}

/// The signatures of `r` that verify under `secret`, computed here from the
/// specification: base64 HMAC-SHA256 of `id.timestamp.body` under the decoded key.
fn verified(r: &Received, secret: &str) -> usize {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let signed = format!(
        "{}.{}.{}",
        r.header("webhook-id"),
        r.header("webhook-timestamp"),
        r.body
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(signed.as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    r.header("webhook-signature")
        .split(' ')
        .filter(|s| *s == expected)
        .count()
}

async fn deliveries(app: &TestApp, t: &str, endpoint: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/v1/webhook-endpoints/{endpoint}/deliveries"))
        .bearer(t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn a_subscribed_endpoint_receives_each_event_of_a_record_in_order_signed_as_the_standard_says()
 {
    let app = app().await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@hooks.test").await;
    let (id, secret) = endpoint(&app, &t, &format!("{}/crm", rx.url), json!(["person.*"])).await;
    let p = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada"}))
        .send()
        .await;
    let person = p.body["id"].as_str().unwrap().to_string();
    for name in ["Lovelace", "Byron"] {
        let r = app
            .patch(&format!("/v1/people/{person}"))
            .bearer(&t)
            .json(json!({"last_name": name}))
            .send()
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    app.post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Analytical Engines"}))
        .send()
        .await;
    app.deliver().await;

    let got = rx.received();
    let kinds: Vec<String> = got
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        ["person.created", "person.updated", "person.updated"],
        "company events are not subscribed"
    );
    assert_eq!(
        got[2].json()["data"]["last_name"],
        "Byron",
        "the record's last change arrives last"
    );
    for r in &got {
        assert_eq!(r.path, "/crm");
        assert_eq!(verified(r, &secret), 1, "signature of {}", r.body);
        assert_eq!(r.json()["resource_id"], person.as_str());
        assert_eq!(r.header("content-type"), "application/json");
        let ts: i64 = r.header("webhook-timestamp").parse().unwrap();
        assert!((chrono::Utc::now().timestamp() - ts).abs() < 60);
    }
    let log = deliveries(&app, &t, &id).await;
    assert_eq!(log.len(), 3);
    for d in &log {
        assert_eq!(
            (
                d["status"].as_str(),
                d["attempts"].as_u64(),
                d["response_status"].as_u64()
            ),
            (Some("succeeded"), Some(1), Some(200))
        );
    }
    let ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id")).collect();
    assert!(
        log.iter()
            .all(|d| ids.contains(&d["event_id"].as_str().unwrap())),
        "webhook-id is the event's id"
    );
    // Nothing is sent twice: the outbox is published.
    assert_eq!(app.deliver().await, 0);
    assert_eq!(rx.received().len(), 3);
}

#[actix_web::test]
async fn a_failure_is_retried_after_the_receivers_retry_after_and_a_410_disables_the_endpoint() {
    let app = app().await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@retry.test").await;
    let (id, _) = endpoint(&app, &t, &rx.url, json!(["person.created"])).await;
    rx.answer(429, &[("Retry-After", "1")]);
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Grace"}))
        .send()
        .await;
    app.deliver().await;
    let d = &deliveries(&app, &t, &id).await[0];
    assert_eq!(
        (d["status"].as_str(), d["attempts"].as_u64()),
        (Some("pending"), Some(1))
    );
    assert_eq!(
        (d["response_status"].as_u64(), d["last_error"].as_str()),
        (Some(429), Some("answered 429"))
    );
    let next =
        chrono::DateTime::parse_from_rfc3339(d["next_attempt_at"].as_str().unwrap()).unwrap();
    let last =
        chrono::DateTime::parse_from_rfc3339(d["last_attempt_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        (next - last).num_seconds(),
        1,
        "Retry-After wins over the 5 s of the schedule"
    );

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    rx.answer(410, &[]);
    app.deliver().await;
    let got = rx.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].header("webhook-id"),
        got[1].header("webhook-id"),
        "a retry keeps the event's id"
    );
    let d = &deliveries(&app, &t, &id).await[0];
    assert_eq!(
        (
            d["status"].as_str(),
            d["attempts"].as_u64(),
            d["next_attempt_at"].as_str()
        ),
        (Some("failed"), Some(2), None)
    );
    let e = app
        .get(&format!("/v1/webhook-endpoints/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(e.body["enabled"], false);
    assert_eq!(e.body["disabled_reason"], "the endpoint answered 410 Gone");
    let audit = app
        .get("/v1/audit-events?action=webhook_endpoint.disabled")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        audit.body["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        audit.text
    );

    // A disabled endpoint gets nothing; enabled again, it gets what happened since.
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Hopper"}))
        .send()
        .await;
    app.deliver().await;
    assert_eq!(rx.received().len(), 2);
    let ping = app
        .post(&format!("/v1/webhook-endpoints/{id}/ping"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        ping.problem(422, "validation")["errors"][0]["field"],
        "enabled"
    );
    let r = app
        .patch(&format!("/v1/webhook-endpoints/{id}"))
        .bearer(&t)
        .json(json!({"enabled": true}))
        .send()
        .await;
    assert_eq!(
        (r.status.as_u16(), &r.body["disabled_reason"]),
        (200, &Value::Null),
        "{}",
        r.text
    );
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Lamarr"}))
        .send()
        .await;
    app.deliver().await;
    let got = rx.received();
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].json()["data"]["first_name"], "Lamarr");
}

#[actix_web::test]
async fn an_unreachable_endpoint_is_retried_on_the_schedule_and_its_log_says_why() {
    let app = app().await;
    let t = app.owner_token("owner@down.test").await;
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let (id, _) = endpoint(&app, &t, &url, json!(["*"])).await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Kay"}))
        .send()
        .await;
    app.deliver().await;
    let d = &deliveries(&app, &t, &id).await[0];
    assert_eq!(
        (
            d["status"].as_str(),
            d["attempts"].as_u64(),
            d["response_status"].as_u64()
        ),
        (Some("pending"), Some(1), None)
    );
    assert!(
        d["last_error"]
            .as_str()
            .unwrap()
            .starts_with("could not connect"),
        "{d}"
    );
    let next =
        chrono::DateTime::parse_from_rfc3339(d["next_attempt_at"].as_str().unwrap()).unwrap();
    let last =
        chrono::DateTime::parse_from_rfc3339(d["last_attempt_at"].as_str().unwrap()).unwrap();
    let wait = (next - last).num_milliseconds();
    assert!((4500..=5500).contains(&wait), "5 s ± 10%, was {wait} ms");
}

#[actix_web::test]
async fn private_addresses_and_unknown_event_types_are_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@guard.test").await;
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost/x",
        "http://[::1]/",
    ] {
        let r = app
            .post("/v1/webhook-endpoints")
            .bearer(&t)
            .json(json!({"url": url, "event_types": ["*"]}))
            .send()
            .await;
        assert_eq!(
            r.problem(422, "validation")["errors"][0]["code"],
            "forbidden_address",
            "{url}"
        );
    }
    let r = app
        .post("/v1/webhook-endpoints")
        .bearer(&t)
        .json(json!({"url": "https://hooks.example.com/crm", "event_types": ["person.*", "deal.won"]}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["event_types[1]"]);
    assert_eq!(
        app.count("webhook_endpoints").await,
        0,
        "nothing half-written"
    );
    // Sales may not see or manage endpoints.
    app.create_user(&t, "sales@guard.test", "sales").await;
    let s = app.login("sales@guard.test").await;
    assert_eq!(
        app.get("/v1/webhook-endpoints")
            .bearer(&s)
            .send()
            .await
            .status,
        403
    );
}

#[actix_web::test]
async fn a_ping_and_a_replay_reach_the_endpoint_with_the_events_id_and_a_rotation_signs_with_both_secrets()
 {
    let app = app().await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@ping.test").await;
    let (id, old) = endpoint(&app, &t, &rx.url, json!(["person.created"])).await;
    let ping = app
        .post(&format!("/v1/webhook-endpoints/{id}/ping"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(ping.status, 202, "{}", ping.text);
    app.deliver().await;
    let got = rx.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].json()["type"], "webhook_endpoint.ping");
    assert_eq!(got[0].json()["data"]["id"], id.as_str());
    assert_eq!(verified(&got[0], &old), 1);

    let delivery = ping.body["id"].as_str().unwrap();
    let one = app
        .get(&format!("/v1/webhook-endpoints/{id}/deliveries/{delivery}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        (one.status.as_u16(), one.body["status"].as_str()),
        (200, Some("succeeded")),
        "{}",
        one.text
    );
    let bad = app
        .get(&format!("/v1/webhook-endpoints/{id}/deliveries/abc-def"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        bad.problem(400, "invalid_parameter")["errors"][0]["field"],
        "delivery_id",
        "{}",
        bad.text
    );
    let again = app
        .post(&format!(
            "/v1/webhook-endpoints/{id}/deliveries/{delivery}/replay"
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(again.status, 201, "{}", again.text);
    let rotated = app
        .post(&format!("/v1/webhook-endpoints/{id}/secret/rotate"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(rotated.body["previous_secret"], old.as_str());
    let new = rotated.body["secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    app.deliver().await;
    let got = rx.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1].header("webhook-id"),
        got[0].header("webhook-id"),
        "a replay is the same event"
    );
    assert_eq!(
        (verified(&got[1], &new), verified(&got[1], &old)),
        (1, 1),
        "{}",
        got[1].header("webhook-signature")
    );
    assert_eq!(deliveries(&app, &t, &id).await.len(), 2);

    // A range replay sends every event of the range once.
    let since = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let until = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let r = app
        .post(&format!("/v1/webhook-endpoints/{id}/replay"))
        .bearer(&t)
        .json(json!({"since": since, "until": until}))
        .send()
        .await;
    assert_eq!(
        (r.status.as_u16(), r.body["queued"].as_u64()),
        (202, Some(1)),
        "{}",
        r.text
    );
    let r = app
        .post(&format!("/v1/webhook-endpoints/{id}/replay"))
        .bearer(&t)
        .json(json!({"since": until, "until": since}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["until"]);
}

#[actix_web::test]
async fn an_endpoint_receives_only_events_that_happened_after_it_was_added() {
    let app = app().await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@late.test").await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Before"}))
        .send()
        .await;
    let (id, _) = endpoint(&app, &t, &rx.url, json!(["person.created"])).await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "After"}))
        .send()
        .await;
    app.deliver().await;
    let got = rx.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].json()["data"]["first_name"], "After");
    assert_eq!(deliveries(&app, &t, &id).await.len(), 1);
    assert_eq!(
        app.count("outbox_events WHERE published_at IS NULL").await,
        0,
        "every event is published"
    );
}

#[actix_web::test]
async fn an_endpoints_condition_lets_through_only_the_events_it_matches_and_names_what_it_cannot_read()
 {
    let app = app().await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@cond.test").await;
    let r = app
        .post("/v1/webhook-endpoints")
        .bearer(&t)
        .json(json!({"url": rx.url, "event_types": ["person.created"],
                     "condition": {"all": [{"field": "data.lifecycle_stage", "op": "eq", "value": "customer"},
                                           {"field": "data.last_name", "op": "starts_with", "value": "lo"}]}}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    for (first, last, stage) in [
        ("Ada", "Lovelace", "customer"),
        ("Grace", "Lovelace", "lead"),
        ("Alan", "Turing", "customer"),
    ] {
        let p = app
            .post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": first, "last_name": last, "lifecycle_stage": stage}))
            .send()
            .await;
        assert_eq!(p.status, 201, "{}", p.text);
    }
    app.deliver().await;
    let got: Vec<String> = rx
        .received()
        .iter()
        .map(|r| r.json()["data"]["first_name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ["Ada"]);

    // A field the subscribed events do not have, a value of the wrong type: 422 by name.
    let bad = app
        .patch(&format!("/v1/webhook-endpoints/{id}"))
        .bearer(&t)
        .json(json!({"condition": {"field": "data.name", "op": "eq", "value": "Acme"}}))
        .send()
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(
        bad.error_fields()
            .iter()
            .all(|f| f.starts_with("condition")),
        "{}",
        bad.text
    );
    let bad = app
        .patch(&format!("/v1/webhook-endpoints/{id}"))
        .bearer(&t)
        .json(json!({"condition": {"field": "data.created_at", "op": "gt", "value": "yesterday"}}))
        .send()
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    // Cleared, every event of its types goes again.
    let ok = app
        .patch(&format!("/v1/webhook-endpoints/{id}"))
        .bearer(&t)
        .json(json!({"condition": null}))
        .send()
        .await;
    assert_eq!(
        (ok.status.as_u16(), &ok.body["condition"]),
        (200, &Value::Null),
        "{}",
        ok.text
    );
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Edsger"}))
        .send()
        .await;
    app.deliver().await;
    assert_eq!(rx.received().len(), 2);
}

#[actix_web::test]
async fn two_workers_relaying_and_delivering_at_once_send_each_event_once_and_publish_each_records_in_order()
 {
    let app = app().await;
    let other = app
        .replica(|a| a.delivery.webhook_allow_private = true)
        .await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@two.test").await;
    let (id, _) = endpoint(&app, &t, &rx.url, json!(["person.*"])).await;
    let mut people = Vec::new();
    for i in 0..15 {
        let p = app
            .post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": format!("P{i}")}))
            .send()
            .await;
        people.push(p.body["id"].as_str().unwrap().to_string());
    }
    for round in ["One", "Two"] {
        for p in &people {
            let r = app
                .patch(&format!("/v1/people/{p}"))
                .bearer(&t)
                .json(json!({"last_name": round}))
                .send()
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
        }
    }
    futures_util::future::join(app.deliver(), other.deliver()).await;
    app.deliver().await;
    let got = rx.received();
    let mut ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        (got.len(), ids.len()),
        (45, 45),
        "each event once, none lost"
    );
    // Each record's events were fanned out in the order they were written: its
    // deliveries, in the order they were made, carry increasing event ids.
    let resource: std::collections::HashMap<String, String> = got
        .iter()
        .map(|r| {
            (
                r.header("webhook-id").to_string(),
                r.json()["resource_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut log = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => {
                format!("/v1/webhook-endpoints/{id}/deliveries?limit=200&sort=id&cursor={c}")
            }
            None => format!("/v1/webhook-endpoints/{id}/deliveries?limit=200&sort=id"),
        };
        let page = app.get(&url).bearer(&t).send().await;
        assert_eq!(page.status, 200, "{}", page.text);
        log.extend(
            page.body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["event_id"].as_str().unwrap().to_string()),
        );
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(log.len(), 45);
    for p in &people {
        let events: Vec<&String> = log.iter().filter(|e| resource[*e] == *p).collect();
        assert_eq!(events.len(), 3);
        assert!(events.windows(2).all(|w| w[0] < w[1]), "{p}: {events:?}");
    }
}

#[actix_web::test]
async fn pruning_deletes_old_finished_deliveries_and_published_events_but_keeps_what_a_pending_delivery_needs()
 {
    let app = app().await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@prune.test").await;
    endpoint(&app, &t, &rx.url, json!(["person.created"])).await;
    // A second endpoint that is down: its delivery stays pending.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    endpoint(&app, &t, &url, json!(["person.created"])).await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Old"}))
        .send()
        .await;
    app.deliver().await;
    assert_eq!(rx.received().len(), 1);
    assert_eq!(app.count("webhook_deliveries").await, 2);
    let events = app.count("outbox_events").await;
    assert!(events > 1);

    let (_, relay, _) = crm_persistence::webhooks(&app.state.db);
    // Everything made before a minute from now is past the retention.
    let gone = relay
        .prune(chrono::Utc::now() + chrono::Duration::minutes(1), 1000)
        .await
        .unwrap();
    assert_eq!(
        app.count("webhook_deliveries WHERE status = 'pending'")
            .await,
        1,
        "the pending one stays"
    );
    assert_eq!(
        app.count("webhook_deliveries").await,
        1,
        "the succeeded one goes"
    );
    assert_eq!(
        app.count("outbox_events").await,
        1,
        "only the event the pending delivery needs stays"
    );
    assert_eq!(gone as i64, 1 + events - 1);
    // Nothing newer than the cut goes.
    assert_eq!(
        relay
            .prune(chrono::Utc::now() - chrono::Duration::days(1), 1000)
            .await
            .unwrap(),
        0
    );
}

#[actix_web::test]
async fn a_disabled_endpoint_is_announced_by_email_to_owners_and_admins_once_through_a_real_smtp_server()
 {
    let smtp = crm_tests::smtp::SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(|a| {
        a.delivery.webhook_allow_private = true;
        a.delivery.smtp_url = Some(crm_api::config::SmtpUrl(url));
        a.delivery.mail_from = "CRM <crm@example.com>".into();
    })
    .await;
    let rx = Receiver::start();
    let t = app.owner_token("owner@mail.test").await;
    app.create_user(&t, "admin@mail.test", "admin").await;
    app.create_user(&t, "sales@mail.test", "sales").await;
    let (id, _) = endpoint(&app, &t, &rx.url, json!(["person.created"])).await;
    // The first recipient is refused for now: that message is tried again later.
    smtp.refuse_next("451 4.3.0 try again later");
    rx.answer(410, &[]);
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Gone"}))
        .send()
        .await;
    app.deliver().await;
    assert_eq!(
        app.count("email_messages").await,
        2,
        "one per owner and admin"
    );
    assert_eq!(
        app.count("email_messages WHERE status = 'pending' AND last_error LIKE '%451%'")
            .await,
        1,
        "the refused one waits for its retry"
    );
    let mail = smtp.mail();
    assert_eq!(mail.len(), 1, "{mail:?}");
    let m = &mail[0];
    assert!(m.to[0].contains("@mail.test"), "{:?}", m.to);
    assert!(!m.to[0].contains("sales"), "sales is not told");
    assert_eq!(
        m.header("Subject").unwrap(),
        format!("Webhook endpoint disabled: {}", rx.url)
    );
    assert!(m.header("From").unwrap().contains("crm@example.com"));
    assert!(m.header("Message-ID").unwrap().ends_with("@crm.invalid>"));
    assert!(
        m.data
            .contains(&format!("PATCH /v1/webhook-endpoints/{id}")),
        "{}",
        m.data
    );
    // Made due again (as five seconds passing would), it is sent; nothing is sent twice.
    app.execute("UPDATE email_messages SET next_attempt_at = created_at WHERE status = 'pending'")
        .await;
    app.deliver().await;
    app.deliver().await;
    let mail = smtp.mail();
    assert_eq!(mail.len(), 2);
    let mut to: Vec<&str> = mail.iter().map(|m| m.to[0].as_str()).collect();
    to.sort_unstable();
    assert!(
        to[0].contains("admin@mail.test") && to[1].contains("owner@mail.test"),
        "{to:?}"
    );
    assert_eq!(
        app.count("email_messages WHERE status = 'succeeded'").await,
        2
    );
}
