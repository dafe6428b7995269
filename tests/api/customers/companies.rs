//! Companies, and the people who work at them.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn company(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/companies").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn names(r: &crm_tests::Reply) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_company_is_created_read_updated_deleted_and_restored() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let c = company(&app, &t, json!({"name": "Analytical Engines", "domain": "https://www.Engines.example/about", "website": "https://engines.example", "size": "medium", "industry": "Manufacturing", "tags": ["Key-Account"]})).await;
    assert_eq!(c["domain"], "engines.example");
    assert_eq!(c["tags"], json!(["key-account"]));
    let path = format!("/v1/companies/{}", c["id"].as_str().unwrap());
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(r.header("etag"), Some("\"1\""));
    let u = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"size": "large", "industry": null}))
        .send()
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(
        (u.body["size"].clone(), u.body["industry"].clone()),
        (json!("large"), Value::Null)
    );
    app.patch(&path)
        .bearer(&t)
        .json(json!({"name": null}))
        .send()
        .await
        .problem(422, "validation");
    app.patch(&path)
        .bearer(&t)
        .json(json!({"website": "ftp://nope"}))
        .send()
        .await
        .problem(422, "validation");
    assert_eq!(app.delete(&path).bearer(&t).send().await.status, 204);
    app.get(&path)
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.post(&format!("{path}/restore"))
            .bearer(&t)
            .send()
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn companies_are_listed_filtered_and_searched() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    company(
        &app,
        &t,
        json!({"name": "Babbage & Co", "domain": "babbage.example", "size": "small"}),
    )
    .await;
    company(
        &app,
        &t,
        json!({"name": "Engines", "size": "enterprise", "tags": ["key-account"]}),
    )
    .await;
    company(&app, &t, json!({"name": "Looms", "size": "enterprise"})).await;
    let get = |q: &str| app.get(&format!("/v1/companies?{q}")).bearer(&t).send();
    assert_eq!(
        names(&get("sort=name").await),
        ["Babbage & Co", "Engines", "Looms"]
    );
    assert_eq!(names(&get("sort=-name&limit=1").await), ["Looms"]);
    assert_eq!(
        names(&get("size=enterprise&sort=name").await),
        ["Engines", "Looms"]
    );
    assert_eq!(
        names(&get("domain=BABBAGE.example").await),
        ["Babbage & Co"]
    );
    assert_eq!(names(&get("q=loo").await), ["Looms"]);
    assert_eq!(names(&get("tag=key-account").await), ["Engines"]);
    let r = app
        .post("/v1/companies/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [{"field": "size", "op": "eq", "value": "enterprise"}, {"not": {"field": "tags", "op": "contains", "value": "key-account"}}]}}))
        .send()
        .await;
    assert_eq!(names(&r), ["Looms"], "{}", r.text);
}

#[actix_web::test]
async fn a_person_works_at_several_companies_with_a_title_and_role() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let a = company(&app, &t, json!({"name": "Engines"})).await;
    let b = company(&app, &t, json!({"name": "Looms"})).await;
    let p = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada"}))
        .send()
        .await
        .body;
    let pid = p["id"].as_str().unwrap();
    let (aid, bid) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let link = |company: &str, title: &str| {
        app.post(&format!("/v1/people/{pid}/companies"))
            .bearer(&t)
            .json(json!({"company_id": company, "title": title, "role": "decision_maker"}))
            .send()
    };
    let r = link(aid, "Chief Engineer").await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["title"], "Chief Engineer");
    assert_eq!(link(bid, "Adviser").await.status, 201);
    link(aid, "Again").await.problem(409, "conflict");
    let r = link(&uuid::Uuid::now_v7().to_string(), "Nowhere").await;
    assert_eq!(r.error_fields(), ["company_id"]);
    let mine = app
        .get(&format!("/v1/people/{pid}/companies"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(mine.body["data"].as_array().unwrap().len(), 2);
    let staff = app
        .get(&format!("/v1/companies/{aid}/people"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(staff.body["data"][0]["person_id"], pid);
    assert_eq!(
        app.delete(&format!("/v1/people/{pid}/companies/{aid}"))
            .bearer(&t)
            .send()
            .await
            .status,
        204
    );
    app.delete(&format!("/v1/people/{pid}/companies/{aid}"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    let r = app
        .delete(&format!("/v1/people/{pid}/companies/nope"))
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    let other = app.owner_token("other@example.com").await;
    app.get(&format!("/v1/companies/{bid}/people"))
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    let theirs = company(&app, &other, json!({"name": "Theirs"})).await;
    let r = app
        .post(&format!("/v1/people/{pid}/companies"))
        .bearer(&t)
        .json(json!({"company_id": theirs["id"]}))
        .send()
        .await;
    assert_eq!(
        r.error_fields(),
        ["company_id"],
        "another organisation's company is unknown here"
    );
}

#[actix_web::test]
async fn people_are_found_by_the_company_they_work_at() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let engines = company(&app, &t, json!({"name": "Engines"})).await["id"].clone();
    let looms = company(&app, &t, json!({"name": "Looms"})).await["id"].clone();
    let mut ids = Vec::new();
    for name in ["Ada", "Charles", "Mary"] {
        let r = app
            .post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": name}))
            .send()
            .await;
        ids.push(r.body["id"].as_str().unwrap().to_string());
    }
    for (person, at) in [(&ids[0], &engines), (&ids[0], &looms), (&ids[1], &engines)] {
        let r = app
            .post(&format!("/v1/people/{person}/companies"))
            .bearer(&t)
            .json(json!({"company_id": at}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let first_names = |r: &crm_tests::Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["first_name"].as_str().unwrap().to_string())
            .collect()
    };
    let engines_id = engines.as_str().unwrap();
    let r = app
        .get(&format!("/v1/people?company_id={engines_id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(first_names(&r), ["Ada", "Charles"]);
    let export = app
        .get(&format!(
            "/v1/exports/people?format=ndjson&company_id={engines_id}"
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(export.status, 200, "{}", export.text);
    assert_eq!(
        export.text.lines().count(),
        2,
        "exports take the same filter"
    );
    let search = |filter: Value| {
        app.post("/v1/people/search")
            .bearer(&t)
            .json(json!({"filter": filter}))
            .send()
    };
    let r = search(json!({"field": "company_id", "op": "eq", "value": looms})).await;
    assert_eq!(first_names(&r), ["Ada"]);
    let r = search(json!({"field": "company_id", "op": "neq", "value": looms})).await;
    assert_eq!(
        first_names(&r),
        ["Charles", "Mary"],
        "neq: works at none of them"
    );
    let r = search(json!({"field": "company_id", "op": "is_null", "value": true})).await;
    assert_eq!(first_names(&r), ["Mary"]);
    let r = search(json!({"field": "company_id", "op": "eq", "value": "not-a-uuid"})).await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["filter.value"]);
}
