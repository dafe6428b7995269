//! Timelines: every area's facts about a person or company, newest first, paged,
//! filtered by kind and time, following merges.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn person(app: &TestApp, t: &str, name: &str) -> String {
    let r = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": name}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

async fn log(app: &TestApp, t: &str, body: Value) -> String {
    let r = app
        .post("/v1/interactions")
        .bearer(t)
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

fn titles(r: &crm_tests::Reply) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect()
}

/// Every page of a timeline, following `next_cursor`.
async fn all_pages(app: &TestApp, t: &str, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut url = format!("{path}?limit=2");
    loop {
        let r = app.get(&url).bearer(t).send().await;
        out.extend(titles(&r));
        match r.body["next_cursor"].as_str() {
            Some(c) => url = format!("{path}?limit=2&cursor={c}"),
            None => return out,
        }
    }
}

#[actix_web::test]
async fn a_persons_timeline_holds_every_areas_facts_newest_first_and_follows_a_merge() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let twin = person(&app, &t, "Augusta").await;
    log(&app, &t, json!({"channel": "call", "direction": "outbound", "occurred_at": "2026-11-01T09:00:00Z", "subject": "First call", "outcome": "Interested", "person_ids": [ada]})).await;
    log(&app, &t, json!({"channel": "email", "direction": "inbound", "occurred_at": "2026-11-02T09:00:00Z", "subject": "Question", "person_ids": [twin]})).await;
    let r = app
        .post(&format!("/v1/people/{ada}/consents"))
        .bearer(&t)
        .json(json!({"channel": "email", "purpose": "marketing", "status": "granted", "recorded_at": "2026-11-03T09:00:00Z", "source": "web form"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app
        .patch(&format!("/v1/people/{ada}"))
        .bearer(&t)
        .json(json!({"lifecycle_stage": "customer"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app
        .post(&format!("/v1/people/{ada}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [twin]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let path = format!("/v1/people/{ada}/timeline");
    let r = app.get(&path).bearer(&t).send().await;
    let all = titles(&r);
    assert_eq!(r.body["next_cursor"], Value::Null);
    assert_eq!(all.len(), 7, "{all:?}");
    assert_eq!(all[0], "A duplicate record was merged into this one");
    assert_eq!(r.body["data"][0]["detail"], "Augusta");
    assert!(
        all[1].starts_with("Lifecycle stage: ") && all[1].ends_with(" → customer"),
        "{all:?}"
    );
    assert_eq!(
        all[4..],
        [
            "Consent granted: email for marketing",
            "Email (inbound): Question",
            "Call (outbound): First call",
        ]
    );
    let first_call = &r.body["data"][6];
    assert_eq!(
        (
            first_call["kind"].clone(),
            first_call["record_type"].clone(),
            first_call["detail"].clone()
        ),
        (
            json!("interaction"),
            json!("interaction"),
            json!("Interested")
        )
    );
    assert_eq!(
        all_pages(&app, &t, &path).await,
        all,
        "pages of two hold the same entries"
    );

    let r = app
        .get(&format!(
            "{path}?kind=interaction,consent&occurred_before=2026-11-02T12:00:00Z"
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        titles(&r),
        ["Email (inbound): Question", "Call (outbound): First call"]
    );
    let r = app
        .get(&format!("/v1/people/{twin}/timeline"))
        .bearer(&t)
        .send()
        .await;
    r.problem(308, "merged");
    let r = app.get(&format!("{path}?kind=fax")).bearer(&t).send().await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.error_fields(), ["kind"]);
}

#[actix_web::test]
async fn a_deleted_interaction_leaves_the_timeline_a_moved_one_moves_and_a_task_joins_it() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let co = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Engines Ltd"}))
        .send()
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = log(&app, &t, json!({"channel": "meeting", "occurred_at": "2026-11-01T09:00:00Z", "subject": "Kick-off", "person_ids": [ada], "company_ids": [co]})).await;
    let b = log(&app, &t, json!({"channel": "letter", "direction": "outbound", "occurred_at": "2026-11-05T09:00:00Z", "subject": "Contract", "company_ids": [co]})).await;
    let path = format!("/v1/companies/{co}/timeline");
    assert_eq!(
        titles(&app.get(&path).bearer(&t).send().await),
        ["Letter (outbound): Contract", "Meeting: Kick-off"]
    );
    let r = app
        .patch(&format!("/v1/interactions/{a}"))
        .bearer(&t)
        .json(json!({"occurred_at": "2026-11-09T09:00:00Z"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        titles(&app.get(&path).bearer(&t).send().await),
        ["Meeting: Kick-off", "Letter (outbound): Contract"]
    );
    assert_eq!(
        app.delete(&format!("/v1/interactions/{b}"))
            .bearer(&t)
            .send()
            .await
            .status,
        204
    );
    assert_eq!(
        titles(&app.get(&path).bearer(&t).send().await),
        ["Meeting: Kick-off"]
    );
    let r = app
        .post("/v1/tasks")
        .bearer(&t)
        .json(json!({"title": "Send the contract", "due_at": "2030-01-11T08:00:00Z", "company_ids": [co]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(titles(&r), ["Task: Send the contract", "Meeting: Kick-off"]);
    assert_eq!(
        r.body["data"][0]["detail"],
        "open, due 2030-01-11T08:00:00Z"
    );
    let other = app.owner_token("other@example.com").await;
    app.get(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn a_company_merged_into_another_shows_on_the_survivors_timeline_with_its_interactions() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let company = |name: &'static str| {
        let app = &app;
        let t = &t;
        async move {
            let r = app
                .post("/v1/companies")
                .bearer(t)
                .json(json!({"name": name}))
                .send()
                .await;
            assert_eq!(r.status, 201, "{}", r.text);
            r.body["id"].as_str().unwrap().to_string()
        }
    };
    let keep = company("Engines Ltd").await;
    let twin = company("Engines Limited (old)").await;
    log(&app, &t, json!({"channel": "meeting", "occurred_at": "2026-11-01T09:00:00Z", "subject": "Kick-off", "company_ids": [keep]})).await;
    log(&app, &t, json!({"channel": "call", "direction": "inbound", "occurred_at": "2026-11-02T09:00:00Z", "subject": "Renewal", "company_ids": [twin]})).await;
    let r = app
        .post(&format!("/v1/companies/{keep}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [twin]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let path = format!("/v1/companies/{keep}/timeline");
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(
        titles(&r),
        [
            "A duplicate record was merged into this one",
            "Call (inbound): Renewal",
            "Meeting: Kick-off",
        ]
    );
    let merge = &r.body["data"][0];
    assert_eq!(
        (
            merge["record_type"].clone(),
            merge["record_id"].clone(),
            merge["detail"].clone()
        ),
        (
            json!("company"),
            json!(twin),
            json!("Engines Limited (old)")
        )
    );
    assert_eq!(
        all_pages(&app, &t, &path).await,
        titles(&r),
        "pages of two hold the same entries"
    );
    app.get(&format!("/v1/companies/{twin}/timeline"))
        .bearer(&t)
        .send()
        .await
        .problem(308, "merged");
}
