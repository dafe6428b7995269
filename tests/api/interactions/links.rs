//! What an interaction may be linked to: live people, companies and staff users of the
//! caller's organisation, named by list and index when not.

use super::logging::{interaction, person};
use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn links_to_another_organisations_or_deleted_records_are_refused_by_index() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other = app.owner_token("other@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let gone = person(&app, &t, "Gone").await;
    assert_eq!(
        app.delete(&format!("/v1/people/{gone}"))
            .bearer(&t)
            .send()
            .await
            .status,
        204
    );
    let theirs = person(&app, &other, "Theirs").await;
    let journal = (
        app.count("audit_events").await,
        app.count("outbox_events").await,
    );
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "call", "person_ids": [ada, theirs, gone], "company_ids": [ada], "user_ids": [ada]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "person_ids[1]",
            "person_ids[2]",
            "company_ids[0]",
            "user_ids[0]"
        ]
    );
    assert_eq!(app.count("interactions").await, 0);
    assert_eq!(app.count("interaction_links").await, 0);
    assert_eq!(
        (
            app.count("audit_events").await,
            app.count("outbox_events").await
        ),
        journal,
        "no journal entry for an interaction that was not written"
    );
}

#[actix_web::test]
async fn a_link_to_a_merged_person_alone_is_refused_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (ada, twin) = (
        person(&app, &t, "Ada").await,
        person(&app, &t, "Augusta").await,
    );
    let r = app
        .post(&format!("/v1/people/{ada}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [twin]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let journal = (
        app.count("audit_events").await,
        app.count("outbox_events").await,
    );
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "call", "person_ids": [ada, twin]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["person_ids[1]"]);
    assert_eq!(app.count("interactions").await, 0);
    assert_eq!(
        (
            app.count("audit_events").await,
            app.count("outbox_events").await
        ),
        journal
    );
    interaction(&app, &t, json!({"channel": "call", "person_ids": [ada]})).await;
    assert_eq!(app.count("interaction_links").await, 1);
}

#[actix_web::test]
async fn links_keep_their_order_and_a_patch_replaces_one_list_and_never_empties_both() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let me = app.get("/v1/me").bearer(&t).send().await.body["id"].clone();
    let (a, b) = (person(&app, &t, "Ada").await, person(&app, &t, "Bob").await);
    let co = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Engines Ltd"}))
        .send()
        .await
        .body["id"]
        .clone();
    let i = interaction(&app, &t, json!({"channel": "meeting", "person_ids": [b, a, b], "company_ids": [co], "user_ids": [me]})).await;
    assert_eq!(i["person_ids"], json!([b, a]));
    let path = format!("/v1/interactions/{}", i["id"].as_str().unwrap());
    let u = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"person_ids": []}))
        .send()
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(
        (u.body["person_ids"].clone(), u.body["company_ids"].clone()),
        (json!([]), json!([co]))
    );
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"company_ids": null}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["person_ids"]);
    let r = app
        .get(&format!(
            "/v1/interactions?company_id={}&user_id={}",
            co.as_str().unwrap(),
            me.as_str().unwrap()
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        r.body["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.text
    );
    let r = app
        .get(&format!("/v1/interactions?person_id={a}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        r.body["data"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.text
    );
}

#[actix_web::test]
async fn merging_people_moves_their_interactions_to_the_survivor_once() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (a, b, c) = (
        person(&app, &t, "Ada").await,
        person(&app, &t, "Ada L").await,
        person(&app, &t, "A. Lovelace").await,
    );
    interaction(
        &app,
        &t,
        json!({"channel": "call", "subject": "only b", "person_ids": [b]}),
    )
    .await;
    let both = interaction(
        &app,
        &t,
        json!({"channel": "meeting", "subject": "all three", "person_ids": [c, a, b]}),
    )
    .await;
    let r = app
        .post(&format!("/v1/people/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b, c]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app
        .get(&format!("/v1/interactions?person_id={a}&sort=created_at"))
        .bearer(&t)
        .send()
        .await;
    let found: Vec<_> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["person_ids"].clone())
        .collect();
    assert_eq!(found, [json!([a]), json!([a])], "{}", r.text);
    let path = format!("/v1/interactions/{}", both["id"].as_str().unwrap());
    assert_eq!(
        app.get(&path).bearer(&t).send().await.body["person_ids"],
        json!([a])
    );
}
