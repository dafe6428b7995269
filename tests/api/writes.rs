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
    let tagged = app
        .get("/v1/people?tag=load&limit=100")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(tagged.body["data"].as_array().unwrap().len(), 48);
}
