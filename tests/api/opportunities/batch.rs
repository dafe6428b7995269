//! Opportunity batches: each item stands alone, or all or nothing; upserts on
//! external_id make a deal list sent twice write each deal once, moving its stage.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn setup(app: &TestApp, t: &str) -> (Value, String) {
    let p = app
        .post("/v1/pipelines")
        .bearer(t)
        .json(json!({"name": "Sales"}))
        .send()
        .await;
    assert_eq!(p.status, 201, "{}", p.text);
    let ada = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": "Ada"}))
        .send()
        .await;
    (
        p.body,
        ada.body["id"].as_str().unwrap_or_default().to_string(),
    )
}

#[actix_web::test]
async fn each_opportunity_item_stands_alone_and_an_atomic_batch_writes_all_or_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (_, ada) = setup(&app, &t).await;
    let items = json!([
        {"action": "create", "opportunity": {"name": "Seats", "person_id": ada, "amount": {"amount": "100", "currency": "EUR"}, "tags": ["Upsell"]}},
        {"action": "create", "opportunity": {"name": "Nobody"}},
        {"action": "create", "opportunity": {"name": "Precise", "person_id": ada, "amount": {"amount": "1.001", "currency": "EUR"}}},
        {"action": "update", "id": uuid::Uuid::now_v7(), "opportunity": {"name": "Ghost"}},
    ]);
    let r = app
        .post("/v1/opportunities/batch")
        .bearer(&t)
        .json(json!({"items": items}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.statuses(), [201, 422, 422, 404]);
    assert_eq!(r.body["results"][0]["data"]["tags"], json!(["upsell"]));
    assert_eq!(r.error_fields_of(1), ["items[1].person_id"]);
    assert_eq!(r.error_fields_of(2), ["items[2].amount.amount"]);
    assert_eq!(app.count("opportunities").await, 1);

    let r = app
        .post("/v1/opportunities/batch?atomic=true")
        .bearer(&t)
        .json(json!({"items": items}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        app.count("opportunities").await,
        1,
        "an atomic batch wrote nothing"
    );
    assert_eq!(app.count("opportunity_stage_moves").await, 1);
}

#[actix_web::test]
async fn a_deal_list_sent_twice_as_upserts_writes_each_deal_once_and_moves_its_stage() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (p, ada) = setup(&app, &t).await;
    let list = |stage: usize| {
        json!({"items": [
            {"action": "upsert", "match_on": "external_id", "opportunity": {"name": "Seats", "person_id": ada, "external_id": "shop-1", "stage_id": p["stages"][stage]["id"]}},
            {"action": "upsert", "match_on": "external_id", "opportunity": {"name": "Support", "person_id": ada, "external_id": "shop-2"}},
        ]})
    };
    let first = app
        .post("/v1/opportunities/batch")
        .bearer(&t)
        .json(list(0))
        .send()
        .await;
    assert_eq!(first.statuses(), [201, 201], "{}", first.text);
    let again = app
        .post("/v1/opportunities/batch")
        .bearer(&t)
        .json(list(2))
        .send()
        .await;
    assert_eq!(again.statuses(), [200, 200], "{}", again.text);
    let moved = &again.body["results"][0]["data"];
    assert_eq!(moved["id"], first.body["results"][0]["data"]["id"]);
    assert_eq!(moved["stage_id"], p["stages"][2]["id"]);
    assert_eq!(app.count("opportunities").await, 2);
    // Two openings and one move: the second deal did not move.
    assert_eq!(app.count("opportunity_stage_moves").await, 3);
}
