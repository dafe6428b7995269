//! Service cases: numbered gap-free per organisation, worked through their workflow
//! with comments and history; who may work them; bad input refused, nothing written.

use super::logging::person;
use crm_tests::TestApp;
use futures_util::future::join_all;
use serde_json::{Value, json};

pub(super) async fn case(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/cases").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

async fn status(app: &TestApp, t: &str, path: &str, to: &str) -> crm_tests::Reply {
    app.patch(path)
        .bearer(t)
        .json(json!({"status": to}))
        .send()
        .await
}

fn kinds(r: &crm_tests::Reply) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let to = h["to"].as_str().unwrap_or("-");
            format!("{}:{to}", h["kind"].as_str().unwrap())
        })
        .collect()
}

#[actix_web::test]
async fn a_case_is_numbered_worked_to_resolution_closed_and_reopened_with_every_step_on_its_history()
 {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let me = app.get("/v1/me").bearer(&t).send().await.body["id"].clone();
    let ada = person(&app, &t, "Ada").await;
    let first = case(&app, &t, json!({"subject": "Invoice charged twice", "channel": "email", "priority": "high", "category": "billing", "person_ids": [ada]})).await;
    assert_eq!(
        (
            first["number"].clone(),
            first["reference"].clone(),
            first["status"].clone(),
            first["channel"].clone(),
        ),
        (json!(1), json!("CASE-000001"), json!("new"), json!("email"))
    );
    let second = case(&app, &t, json!({"subject": "Parcel lost"})).await;
    assert_eq!(
        (second["number"].clone(), second["channel"].clone()),
        (json!(2), json!("note"))
    );
    let path = format!("/v1/cases/{}", first["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "open", "assignee_id": me, "team": "tier 1"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    for to in ["pending_customer", "open"] {
        assert_eq!(status(&app, &t, &path, to).await.status, 200);
    }
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "resolved", "resolution": "Refunded the second charge"}))
        .send()
        .await;
    assert!(r.body["resolved_at"].is_string(), "{}", r.text);
    let r = status(&app, &t, &path, "closed").await;
    assert!(r.body["closed_at"].is_string(), "{}", r.text);
    let version = r.body["version"].clone();
    status(&app, &t, &path, "open")
        .await
        .problem(409, "conflict");
    let unchanged = app.get(&path).bearer(&t).send().await;
    assert_eq!(
        (
            unchanged.body["status"].clone(),
            unchanged.body["version"].clone()
        ),
        (json!("closed"), version)
    );
    let r = status(&app, &t, &path, "reopened").await;
    assert_eq!(
        (r.body["resolved_at"].clone(), r.body["closed_at"].clone()),
        (Value::Null, Value::Null)
    );
    let h = app.get(&format!("{path}/history")).bearer(&t).send().await;
    assert_eq!(
        kinds(&h),
        [
            "created:new",
            "status:open",
            &format!("assignee:{}", me.as_str().unwrap()),
            "team:tier 1",
            "status:pending_customer",
            "status:open",
            "status:resolved",
            "status:closed",
            "status:reopened",
        ]
    );
    assert_eq!(h.body["data"][1]["from"], "new");
    assert_eq!(
        (
            h.body["data"][1]["actor_type"].clone(),
            h.body["data"][1]["actor_id"].clone()
        ),
        (json!("user"), me)
    );
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'case.created'")
            .await,
        2
    );
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'case.updated'")
            .await,
        6
    );
    let r = app
        .get("/v1/cases?status=reopened&category=billing&sort=-number")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["data"][0]["reference"], "CASE-000001", "{}", r.text);
    assert_eq!(r.body["data"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn case_numbers_are_gap_free_under_concurrent_opening_and_counted_per_organisation() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other = app.owner_token("other@example.org").await;
    let opens = (0..16).map(|i| {
        let token = if i % 4 == 0 { &other } else { &t };
        app.post("/v1/cases")
            .bearer(token)
            .json(json!({"subject": format!("Case {i}")}))
            .send()
    });
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for (i, r) in join_all(opens).await.into_iter().enumerate() {
        assert_eq!(r.status, 201, "{}", r.text);
        let n = r.body["number"].as_i64().unwrap();
        if i % 4 == 0 {
            theirs.push(n)
        } else {
            ours.push(n)
        }
    }
    ours.sort_unstable();
    theirs.sort_unstable();
    assert_eq!(ours, (1..=12).collect::<Vec<i64>>());
    assert_eq!(theirs, [1, 2, 3, 4]);
}

#[actix_web::test]
async fn the_first_public_comment_by_staff_is_the_first_response_and_internal_notes_are_not() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let c = case(&app, &t, json!({"subject": "App crashes on login"})).await;
    let path = format!("/v1/cases/{}", c["id"].as_str().unwrap());
    let note = app
        .post(&format!("{path}/comments"))
        .bearer(&t)
        .json(json!({"body": "Reproduced on Android 14"}))
        .send()
        .await;
    assert_eq!(note.status, 201, "{}", note.text);
    assert_eq!(note.body["visibility"], "internal");
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(r.body["first_response_at"], Value::Null);
    let reply = app
        .post(&format!("{path}/comments"))
        .bearer(&t)
        .json(json!({"body": "A fix ships tomorrow.", "visibility": "public"}))
        .send()
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(r.body["first_response_at"], reply.body["created_at"]);
    let list = app.get(&format!("{path}/comments")).bearer(&t).send().await;
    let bodies: Vec<&str> = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        ["Reproduced on Android 14", "A fix ships tomorrow."]
    );
    let h = app.get(&format!("{path}/history")).bearer(&t).send().await;
    assert_eq!(
        kinds(&h),
        ["created:new", "comment:internal", "comment:public"]
    );
    assert_eq!(h.body["data"][2]["comment_id"], reply.body["id"]);
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'case.commented'")
            .await,
        2
    );
}

#[actix_web::test]
async fn support_works_cases_while_sales_and_marketing_only_read_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for (email, role) in [
        ("support@example.com", "support"),
        ("sales@example.com", "sales"),
        ("marketing@example.com", "marketing"),
    ] {
        app.create_user(&t, email, role).await;
    }
    let support = app.login("support@example.com").await;
    let c = case(&app, &support, json!({"subject": "Refund please"})).await;
    let path = format!("/v1/cases/{}", c["id"].as_str().unwrap());
    assert_eq!(status(&app, &support, &path, "open").await.status, 200);
    for email in ["sales@example.com", "marketing@example.com"] {
        let u = app.login(email).await;
        assert_eq!(app.get(&path).bearer(&u).send().await.status, 200);
        assert_eq!(app.get("/v1/cases").bearer(&u).send().await.status, 200);
        app.post("/v1/cases")
            .bearer(&u)
            .json(json!({"subject": "Mine"}))
            .send()
            .await
            .problem(403, "forbidden");
        status(&app, &u, &path, "resolved")
            .await
            .problem(403, "forbidden");
        app.post(&format!("{path}/comments"))
            .bearer(&u)
            .json(json!({"body": "hello"}))
            .send()
            .await
            .problem(403, "forbidden");
    }
}

#[actix_web::test]
async fn bad_cases_and_comments_are_refused_field_by_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other = app.owner_token("other@example.org").await;
    let stranger = person(&app, &other, "Eve").await;
    let before = app.count("cases").await;
    let r = app
        .post("/v1/cases")
        .bearer(&t)
        .json(json!({"subject": " ", "category": "x".repeat(101), "person_ids": [stranger], "assignee_id": uuid::Uuid::now_v7()}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["subject", "category"]);
    let r = app
        .post("/v1/cases")
        .bearer(&t)
        .json(json!({"subject": "Linked elsewhere", "person_ids": [stranger]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["person_ids[0]"]);
    let r = app
        .post("/v1/cases")
        .bearer(&t)
        .json(json!({"subject": "Odd channel", "channel": "pigeon"}))
        .send()
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.error_fields(), ["channel"]);
    assert_eq!(app.count("cases").await, before);
    assert_eq!(app.count("case_numbers").await, 0);
    let c = case(&app, &t, json!({"subject": "Fine"})).await;
    assert_eq!(c["number"], 1);
    let path = format!("/v1/cases/{}", c["id"].as_str().unwrap());
    let r = app
        .post(&format!("{path}/comments"))
        .bearer(&t)
        .json(json!({"body": "  ", "visibility": "secret"}))
        .send()
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    app.get(&format!("/v1/cases/{}", uuid::Uuid::now_v7()))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    app.get(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    app.post(&format!("{path}/comments"))
        .bearer(&other)
        .json(json!({"body": "sneaky"}))
        .send()
        .await
        .problem(404, "not_found");
    assert_eq!(app.count("case_comments").await, 0);
}

#[actix_web::test]
async fn a_case_is_on_the_timelines_of_the_people_and_companies_it_concerns() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let r = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Acme"}))
        .send()
        .await;
    let acme = r.body["id"].as_str().unwrap().to_string();
    case(
        &app,
        &t,
        json!({"subject": "Broken engine", "person_ids": [ada], "company_ids": [acme]}),
    )
    .await;
    for path in [
        format!("/v1/people/{ada}/timeline?kind=case"),
        format!("/v1/companies/{acme}/timeline?kind=case"),
    ] {
        let r = app.get(&path).bearer(&t).send().await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(
            (
                r.body["data"][0]["title"].clone(),
                r.body["data"][0]["detail"].clone(),
                r.body["data"][0]["record_type"].clone()
            ),
            (
                json!("Case CASE-000001: Broken engine"),
                json!("new"),
                json!("case")
            )
        );
    }
}
