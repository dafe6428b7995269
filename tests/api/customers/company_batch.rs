//! Company batches: each item stands alone, or all or nothing; upserts by domain or
//! external_id.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn each_company_item_stands_alone_and_reports_its_own_result() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/companies/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "create", "company": {"name": "Acme", "domain": "acme.example", "tags": ["partner"]}},
            {"action": "create", "company": {"name": "Bad", "domain": "not a domain"}},
            {"action": "create", "company": {"name": "Odd", "motto": "none"}},
            {"action": "update", "id": uuid::Uuid::now_v7(), "company": {"name": "Ghost"}},
            {"action": "create", "company": {"name": "Globex", "size": "small"}},
        ]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.statuses(), [201, 422, 422, 404, 201]);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[1]["error"]["errors"][0]["field"], "items[1].domain");
    assert_eq!(results[1]["error"]["instance"], "#/items/1");
    assert_eq!(results[2]["error"]["errors"][0]["field"], "items[2].motto");
    assert_eq!(results[0]["data"]["name"], "Acme");
    assert_eq!(results[0]["data"]["tags"], json!(["partner"]));
    assert_eq!(results[4]["data"]["size"], "small");
    assert_eq!(app.count("companies").await, 2);
}

#[actix_web::test]
async fn company_upserts_match_on_the_bare_domain_or_the_external_id() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let first = app
        .post("/v1/companies/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "create", "company": {"name": "Acme", "domain": "acme.example"}},
            {"action": "upsert", "match_on": "external_id", "company": {"name": "Initech", "external_id": "erp-7"}},
        ]}))
        .send()
        .await;
    assert_eq!(first.statuses(), [201, 201], "{}", first.text);
    let acme = first.body["results"][0]["data"]["id"].clone();
    let initech = first.body["results"][1]["data"]["id"].clone();
    let r = app
        .post("/v1/companies/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "upsert", "match_on": "domain", "company": {"name": "Acme Corp", "domain": "https://www.ACME.example/about"}},
            {"action": "upsert", "match_on": "external_id", "company": {"name": "Initech Ltd", "external_id": "erp-7", "industry": "Software"}},
            {"action": "upsert", "match_on": "domain", "company": {"name": "Hooli", "domain": "hooli.example"}},
            {"action": "upsert", "match_on": "domain", "company": {"name": "No key"}},
            {"action": "upsert", "company": {"name": "No match_on", "domain": "x.example"}},
            {"action": "upsert", "match_on": "domain", "company": {"name": "Blank", "domain": " "}},
        ]}))
        .send()
        .await;
    assert_eq!(r.statuses(), [200, 200, 201, 422, 422, 422], "{}", r.text);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[0]["data"]["id"], acme);
    assert_eq!(results[0]["data"]["name"], "Acme Corp");
    assert_eq!(results[0]["data"]["version"], 2);
    assert_eq!(results[1]["data"]["id"], initech);
    assert_eq!(results[1]["data"]["industry"], "Software");
    assert_eq!(
        results[3]["error"]["errors"][0]["field"],
        "items[3].company"
    );
    assert_eq!(
        results[4]["error"]["errors"][0]["field"],
        "items[4].match_on"
    );
    assert_eq!(results[5]["error"]["errors"][0]["field"], "items[5].domain");
    assert_eq!(app.count("companies").await, 3);
    let read = app
        .get(&format!("/v1/companies/{}", acme.as_str().unwrap()))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(read.body["name"], "Acme Corp", "the upsert was stored");
}

#[actix_web::test]
async fn a_company_upsert_whose_domain_matches_two_companies_answers_409() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for name in ["Acme East", "Acme West"] {
        let r = app
            .post("/v1/companies")
            .bearer(&t)
            .json(json!({"name": name, "domain": "acme.example"}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = app
        .post("/v1/companies/batch")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "upsert", "match_on": "domain", "company": {"name": "Acme", "domain": "acme.example"}},
        ]}))
        .send()
        .await;
    assert_eq!(r.statuses(), [409], "{}", r.text);
    assert_eq!(app.count("companies").await, 2);
}

#[actix_web::test]
async fn an_atomic_company_batch_with_one_failure_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/companies/batch?atomic=true")
        .bearer(&t)
        .json(json!({"items": [
            {"action": "create", "company": {"name": "Acme", "external_id": "x-1"}},
            {"action": "create", "company": {"name": "Globex", "external_id": "x-1"}},
        ]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["items[1]"], "{}", r.text);
    assert_eq!(app.count("companies").await, 0);
    assert_eq!(
        app.count("audit_events").await,
        2,
        "only the sign-up's entries"
    );
}

#[actix_web::test]
async fn a_company_batch_holds_one_to_a_hundred_items_and_needs_write_rights() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let items: Vec<_> = (0..101)
        .map(|i| json!({"action": "create", "company": {"name": format!("C{i}")}}))
        .collect();
    app.post("/v1/companies/batch")
        .bearer(&t)
        .json(json!({"items": items}))
        .send()
        .await
        .problem(413, "batch_too_large");
    app.post("/v1/companies/batch")
        .bearer(&t)
        .json(json!({"items": []}))
        .send()
        .await
        .problem(422, "validation");
    app.create_user(&t, "viewer@example.com", "viewer").await;
    let vt = app.login("viewer@example.com").await;
    app.post("/v1/companies/batch")
        .bearer(&vt)
        .json(json!({"items": [{"action": "create", "company": {"name": "Acme"}}]}))
        .send()
        .await
        .problem(403, "forbidden");
    assert_eq!(app.count("companies").await, 0);
}
