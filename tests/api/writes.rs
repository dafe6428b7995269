//! Many writers at once: every write lands, none answers "database is locked", and the
//! records stay consistent (SQLite's writers take turns in arrival order).

use crm_tests::TestApp;
use futures_util::future::join_all;
use serde_json::json;

#[actix_web::test]
async fn sixty_four_concurrent_creates_and_updates_all_succeed_and_all_are_stored() {
    // Sixteen updates of one row queue on its lock, each holding one of the test's four
    // connections meanwhile: give the creates time to get one on a busy machine (a 503
    // after the default 2 s wait would be the pool's answer, not the writes').
    let app = TestApp::spawn_with(|a| a.db.db_acquire_timeout_ms = 30_000).await;
    let t = app.owner_token("owner@example.com").await;
    let first = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "emails": [{"address": "ada@example.com"}]}))
        .send()
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = first.body["id"].as_str().unwrap().to_string();

    let creates = (0..48).map(|i| {
        app.post("/v1/people")
            .bearer(&t)
            .json(json!({
                "first_name": format!("Person {i}"),
                "emails": [{"address": format!("p{i}@example.com")}],
                "tags": ["load", format!("t{}", i % 4)],
            }))
            .send()
    });
    let updates = (0..16).map(|i| {
        app.patch(&format!("/v1/people/{id}"))
            .bearer(&t)
            .json(json!({"last_name": format!("Lovelace {i}")}))
            .send()
    });
    let (created, updated) = tokio::join!(join_all(creates), join_all(updates));
    for r in created.iter().chain(updated.iter()) {
        assert!(r.status.is_success(), "{} {}", r.status, r.text);
    }

    assert_eq!(app.count("people").await, 49);
    let ada = app.get(&format!("/v1/people/{id}")).bearer(&t).send().await;
    assert_eq!(
        ada.body["version"], 17,
        "each of the 16 updates made a version"
    );
    // Updates that lost the race to another wrote nothing before they were retried.
    let log = app
        .get(&format!(
            "/v1/audit-events?resource_id={id}&action=person.updated&limit=100"
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(log.body["data"].as_array().unwrap().len(), 16);
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'person.updated'")
            .await,
        16
    );
    let tagged = app
        .get("/v1/people?tag=load&limit=100")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(tagged.body["data"].as_array().unwrap().len(), 48);
}

#[actix_web::test]
async fn racing_stage_moves_of_one_person_record_the_move_once() {
    let app = TestApp::spawn_with(|a| a.db.db_acquire_timeout_ms = 30_000).await;
    let t = app.owner_token("owner@example.com").await;
    let ada = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada"}))
        .send()
        .await;
    let id = ada.body["id"].as_str().unwrap().to_string();
    let moves = (0..8).map(|_| {
        app.patch(&format!("/v1/people/{id}"))
            .bearer(&t)
            .json(json!({"lifecycle_stage": "customer"}))
            .send()
    });
    for r in join_all(moves).await {
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["lifecycle_stage"], "customer");
    }
    let history = app
        .get(&format!("/v1/people/{id}/lifecycle-history"))
        .bearer(&t)
        .send()
        .await;
    let stages: Vec<&str> = history.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to_stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages.len(), 2, "created as a lead, moved once: {stages:?}");
    assert!(stages.contains(&"lead") && stages.contains(&"customer"));
    let read = app.get(&format!("/v1/people/{id}")).bearer(&t).send().await;
    assert_eq!(read.body["version"], 9, "every request made a version");
}
