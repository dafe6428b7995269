//! Sales pipelines: default stages, stages reordered, renamed and retired by id without
//! losing any, every bad stage named, admins shaping and sales reading, one
//! organisation's pipelines invisible to another.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn pipeline(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/pipelines").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn path(p: &Value) -> String {
    format!("/v1/pipelines/{}", p["id"].as_str().unwrap_or_default())
}

fn names(p: &Value) -> Vec<String> {
    p["stages"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|x| x["name"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_pipeline_gets_the_default_stages_and_they_are_reordered_renamed_and_retired_by_id() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = pipeline(&app, &t, json!({"name": "New business"})).await;
    assert_eq!(
        names(&p),
        [
            "Qualification",
            "Needs analysis",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(p["stages"][4]["probability"], 100);
    assert_eq!(p["stages"][5]["kind"], "lost");
    let stages = p["stages"].as_array().cloned().unwrap_or_default();
    // Proposal first, Needs analysis renamed and retired, a new stage at the end of the
    // open ones, Qualification re-weighted.
    let mut retired = stages[1].clone();
    retired["retired"] = json!(true);
    let mut qualification = stages[0].clone();
    qualification["probability"] = json!(15);
    let body = json!({"stages": [
        stages[2], qualification, retired, stages[3],
        {"name": "Contract sent", "probability": 90, "kind": "open"},
        stages[4], stages[5]
    ]});
    let r = app
        .patch(&path(&p))
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        names(&r.body),
        [
            "Proposal",
            "Qualification",
            "Needs analysis",
            "Negotiation",
            "Contract sent",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(r.body["stages"][0]["id"], stages[2]["id"]);
    assert_eq!(r.body["stages"][1]["probability"], 15);
    assert_eq!(r.body["stages"][2]["retired"], true);
    assert_eq!(r.body["version"], 2);
    assert_eq!(app.count("pipeline_stages").await, 7);
    // Read back as it is stored, and accepted back whole.
    let read = app.get(&path(&p)).bearer(&t).send().await;
    assert_eq!(read.header("etag"), Some("\"2\""));
    assert_eq!(read.body["stages"], r.body["stages"]);
    let again = app
        .patch(&path(&p))
        .bearer(&t)
        .json(read.body.clone())
        .send()
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["stages"], r.body["stages"]);
    // A retired stage comes back when it is no longer retired.
    let mut back = read.body["stages"].clone();
    back[2]["retired"] = json!(false);
    let r = app
        .patch(&path(&p))
        .bearer(&t)
        .json(json!({"stages": back}))
        .send()
        .await;
    assert_eq!(r.body["stages"][2]["retired"], false, "{}", r.text);
    let events = app.count("outbox_events").await;
    assert!(events >= 4, "created and three updates journaled: {events}");
}

#[actix_web::test]
async fn every_bad_stage_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/pipelines")
        .bearer(&t)
        .json(json!({"name": "Renewals", "stages": [
            {"name": "Talk", "probability": 101, "kind": "open"},
            {"name": "talk", "probability": 20, "kind": "open"},
            {"name": "Renewed", "probability": 90, "kind": "won"},
            {"name": "Gone", "probability": 0, "kind": "lost", "retired": true}
        ]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "stages[0].probability",
            "stages[1].name",
            "stages[2].probability",
            "stages[3].retired",
            "stages"
        ]
    );
    app.post("/v1/pipelines")
        .bearer(&t)
        .json(
            json!({"name": "X", "stages": [{"name": "Talk", "probability": 10, "kind": "maybe"}]}),
        )
        .send()
        .await
        .problem(422, "validation");
    assert_eq!(app.count("pipelines").await, 0);
    assert_eq!(app.count("pipeline_stages").await, 0);

    let a = pipeline(&app, &t, json!({"name": "A"})).await;
    let b = pipeline(&app, &t, json!({"name": "B"})).await;
    // A stage of another pipeline, and a stored stage left out.
    let mut stages = a["stages"].as_array().cloned().unwrap_or_default();
    stages[0] = b["stages"][0].clone();
    let r = app
        .patch(&path(&a))
        .bearer(&t)
        .json(json!({"stages": stages}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["stages[0].id", "stages"]);
    // A change made meanwhile.
    app.patch(&path(&a))
        .bearer(&t)
        .header("If-Match", "\"7\"")
        .json(json!({"name": "A2"}))
        .send()
        .await
        .problem(412, "precondition_failed");
    let read = app.get(&path(&a)).bearer(&t).send().await;
    assert_eq!(
        (read.body["name"].clone(), read.body["version"].clone()),
        (json!("A"), json!(1))
    );
    assert_eq!(read.body["stages"], a["stages"]);
}

#[actix_web::test]
async fn admins_shape_pipelines_sales_reads_them_and_other_organisations_never_see_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = pipeline(&app, &t, json!({"name": "New business"})).await;
    app.create_user(&t, "sales@example.com", "sales").await;
    let sales = app.login("sales@example.com").await;
    let list = app.get("/v1/pipelines").bearer(&sales).send().await;
    assert_eq!(list.body["data"][0]["id"], p["id"], "{}", list.text);
    app.patch(&path(&p))
        .bearer(&sales)
        .json(json!({"name": "Mine"}))
        .send()
        .await
        .problem(403, "forbidden");
    app.post("/v1/pipelines")
        .bearer(&sales)
        .json(json!({"name": "Mine"}))
        .send()
        .await
        .problem(403, "forbidden");
    let other = app.owner_token("other@example.org").await;
    app.get(&path(&p))
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    let theirs = app.get("/v1/pipelines").bearer(&other).send().await;
    assert_eq!(theirs.body["data"], json!([]));
    // Deleted: gone from the list; restored: back with its stages.
    assert_eq!(app.delete(&path(&p)).bearer(&t).send().await.status, 204);
    app.get(&path(&p))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    let r = app
        .post(&format!("{}/restore", path(&p)))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["stages"], p["stages"]);
}
