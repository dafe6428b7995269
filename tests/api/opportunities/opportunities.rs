//! Opportunities: placed in a pipeline's stage, moved to won with every stage move and
//! its time in stage kept, exact amounts, every bad field named with nothing written,
//! the second of two editors refused, pipelines and stages that hold opportunities
//! kept, merges followed, timelines fed, and another organisation seeing none.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn create(app: &TestApp, t: &str, path: &str, body: Value) -> Value {
    let r = app.post(path).bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{path}: {}", r.text);
    r.body
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// A pipeline with the default stages, and a person to sell to.
async fn setup(app: &TestApp, t: &str) -> (Value, String) {
    let p = create(app, t, "/v1/pipelines", json!({"name": "New business"})).await;
    let ada = create(app, t, "/v1/people", json!({"first_name": "Ada"})).await;
    (p, id(&ada))
}

fn stage(p: &Value, i: usize) -> String {
    p["stages"][i]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[actix_web::test]
async fn an_opportunity_opens_in_the_first_stage_and_moves_to_won_with_every_move_kept() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (p, ada) = setup(&app, &t).await;
    let me = app.get("/v1/me").bearer(&t).send().await.body["id"].clone();
    let o = create(
        &app,
        &t,
        "/v1/opportunities",
        json!({"name": "Ada: 40 seats", "person_id": ada,
               "amount": {"amount": "12000.5", "currency": "EUR"},
               "expected_close_date": "2027-03-31", "source": "referral"}),
    )
    .await;
    assert_eq!(o["pipeline_id"], p["id"]);
    assert_eq!(o["stage_id"].as_str(), Some(stage(&p, 0).as_str()));
    assert_eq!(o["status"], "open");
    assert_eq!(
        o["amount"],
        json!({"amount": "12000.50", "currency": "EUR"})
    );
    assert_eq!(
        o["owner_id"], me,
        "the creator owns it unless told otherwise"
    );
    assert_eq!(o["closed_at"], Value::Null);
    let path = format!("/v1/opportunities/{}", id(&o));

    let r = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"stage_id": stage(&p, 2), "next_step": "Send the quote"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["stage_id"].as_str(), Some(stage(&p, 2).as_str()));
    assert_ne!(r.body["stage_entered_at"], o["stage_entered_at"]);

    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "won", "close_reason": "Best total cost"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "won");
    assert_eq!(r.body["stage_id"].as_str(), Some(stage(&p, 4).as_str()));
    assert!(r.body["closed_at"].is_string(), "{}", r.text);
    assert_eq!(r.body["close_reason"], "Best total cost");
    assert_eq!(r.body["version"], 3);

    let moves = app
        .get(&format!("{path}/stage-moves"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(moves.status, 200, "{}", moves.text);
    let m = moves.body["data"].as_array().cloned().unwrap_or_default();
    let route: Vec<(Value, Value, Value)> = m
        .iter()
        .map(|x| {
            (
                x["from_stage_id"].clone(),
                x["to_stage_id"].clone(),
                x["to_status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        route,
        [
            (Value::Null, json!(stage(&p, 0)), json!("open")),
            (json!(stage(&p, 0)), json!(stage(&p, 2)), json!("open")),
            (json!(stage(&p, 2)), json!(stage(&p, 4)), json!("won")),
        ]
    );
    assert_eq!(m[0]["seconds_in_stage"], Value::Null);
    assert!(m[1]["seconds_in_stage"].as_i64().is_some_and(|s| s >= 0));
    assert_eq!(m[2]["moved_by"], me);

    // Reopening drops the close time and reason.
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"stage_id": stage(&p, 3)}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (
            r.body["status"].clone(),
            r.body["closed_at"].clone(),
            r.body["close_reason"].clone()
        ),
        (json!("open"), Value::Null, Value::Null)
    );

    let timeline = app
        .get(&format!("/v1/people/{ada}/timeline?kind=opportunity"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(timeline.status, 200, "{}", timeline.text);
    let titles: Vec<&str> = timeline.body["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["title"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        titles,
        [
            "Opportunity moved to Negotiation: Ada: 40 seats",
            "Opportunity won: Ada: 40 seats",
            "Opportunity moved to Proposal: Ada: 40 seats",
            "Opportunity opened: Ada: 40 seats",
        ]
    );
    assert_eq!(timeline.body["data"][0]["record_type"], "opportunity");
    assert_eq!(timeline.body["data"][0]["record_id"], o["id"]);
}

#[actix_web::test]
async fn every_bad_field_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (p, ada) = setup(&app, &t).await;
    let other = create(&app, &t, "/v1/pipelines", json!({"name": "Renewals"})).await;
    let cases = [
        (
            json!({"name": "x", "person_id": ada, "amount": {"amount": "12.345", "currency": "EUR"}}),
            "amount.amount",
        ),
        (
            json!({"name": "x", "person_id": ada, "amount": {"amount": "12.5", "currency": "JPY"}}),
            "amount.amount",
        ),
        (
            json!({"name": "x", "person_id": ada, "amount": {"amount": "-1", "currency": "EUR"}}),
            "amount.amount",
        ),
        (json!({"name": "x"}), "person_id"),
        (
            json!({"name": "x", "person_id": ada, "pipeline_id": p["id"], "stage_id": stage(&other, 0)}),
            "stage_id",
        ),
        (
            json!({"name": "x", "person_id": ada, "close_reason": "why"}),
            "close_reason",
        ),
        (
            json!({"name": "x", "person_id": uuid::Uuid::now_v7()}),
            "person_id",
        ),
        (json!({"name": "x", "company_id": ada}), "company_id"),
        (
            json!({"name": "x", "person_id": ada, "owner_id": uuid::Uuid::now_v7()}),
            "owner_id",
        ),
        (
            json!({"name": "x", "person_id": ada, "pipeline_id": uuid::Uuid::now_v7()}),
            "pipeline_id",
        ),
    ];
    for (body, field) in cases {
        let r = app
            .post("/v1/opportunities")
            .bearer(&t)
            .json(body.clone())
            .send()
            .await;
        r.problem(422, "validation");
        assert_eq!(r.error_fields(), [field], "{body}: {}", r.text);
    }
    assert_eq!(app.count("opportunities").await, 0);
    assert_eq!(app.count("opportunity_stage_moves").await, 0);

    // A retired stage takes no opportunity.
    let mut stages = p["stages"].as_array().cloned().unwrap_or_default();
    stages[1]["retired"] = json!(true);
    let r = app
        .patch(&format!("/v1/pipelines/{}", id(&p)))
        .bearer(&t)
        .json(json!({"stages": stages}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app
        .post("/v1/opportunities")
        .bearer(&t)
        .json(json!({"name": "x", "person_id": ada, "stage_id": stage(&p, 1)}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.body["errors"][0]["code"], "retired", "{}", r.text);
}

#[actix_web::test]
async fn the_second_of_two_editors_is_refused_and_a_closed_opportunity_keeps_its_reason() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (_, ada) = setup(&app, &t).await;
    let o = create(
        &app,
        &t,
        "/v1/opportunities",
        json!({"name": "Ada", "person_id": ada, "external_id": "crm-1"}),
    )
    .await;
    let path = format!("/v1/opportunities/{}", id(&o));
    let first = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"status": "lost", "close_reason": "Price"}))
        .send()
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let second = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"name": "Ada again"}))
        .send()
        .await;
    assert_eq!(second.status, 412, "{}", second.text);
    // The read, sent back whole, is accepted: nothing changes but the version.
    let read = app.get(&path).bearer(&t).send().await;
    let back = app
        .patch(&path)
        .bearer(&t)
        .json(read.body.clone())
        .send()
        .await;
    assert_eq!(back.status, 200, "{}", back.text);
    assert_eq!(back.body["close_reason"], "Price");
    assert_eq!(back.body["stage_id"], read.body["stage_id"]);
    // A second opportunity cannot take the first's external_id.
    let r = app
        .post("/v1/opportunities")
        .bearer(&t)
        .json(json!({"name": "Dup", "person_id": ada, "external_id": "crm-1"}))
        .send()
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
}

#[actix_web::test]
async fn a_pipeline_or_stage_holding_open_opportunities_is_kept_until_they_move() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (p, ada) = setup(&app, &t).await;
    let o = create(
        &app,
        &t,
        "/v1/opportunities",
        json!({"name": "Ada", "person_id": ada}),
    )
    .await;
    let pipeline = format!("/v1/pipelines/{}", id(&p));
    app.delete(&pipeline)
        .bearer(&t)
        .send()
        .await
        .problem(409, "conflict");

    let mut stages = p["stages"].as_array().cloned().unwrap_or_default();
    stages[0]["retired"] = json!(true);
    stages[0]["kind"] = json!("won");
    stages[0]["probability"] = json!(100);
    let r = app
        .patch(&pipeline)
        .bearer(&t)
        .json(json!({"stages": stages}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["stages[0].kind", "stages[0].retired"],
        "{}",
        r.text
    );

    let r = app
        .patch(&format!("/v1/opportunities/{}", id(&o)))
        .bearer(&t)
        .json(json!({"status": "won"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let mut stages = p["stages"].as_array().cloned().unwrap_or_default();
    stages[0]["retired"] = json!(true);
    let r = app
        .patch(&pipeline)
        .bearer(&t)
        .json(json!({"stages": stages}))
        .send()
        .await;
    assert_eq!(
        r.status, 200,
        "a stage left by every open opportunity retires: {}",
        r.text
    );
    let r = app.delete(&pipeline).bearer(&t).send().await;
    assert_eq!(r.status, 204, "{}", r.text);
}

#[actix_web::test]
async fn lists_and_searches_filter_by_owner_status_amount_and_close_date() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (_, ada) = setup(&app, &t).await;
    for (name, amount, close, owner) in [
        ("Small", "900.00", "2027-01-15", true),
        ("Large", "25000", "2027-02-20", true),
        ("Theirs", "50000", "2027-02-01", false),
    ] {
        let mut body = json!({"name": name, "person_id": ada, "expected_close_date": close,
                              "amount": {"amount": amount, "currency": "EUR"}});
        if !owner {
            body["owner_id"] = Value::Null;
        }
        create(&app, &t, "/v1/opportunities", body).await;
    }
    let names = |r: &crm_tests::Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let r = app
        .get("/v1/opportunities?owner=me&status=open&sort=expected_close_date")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["Small", "Large"]);
    let r = app
        .get("/v1/opportunities?close_after=2027-02-01&close_before=2027-03-01&sort=-expected_close_date")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(names(&r), ["Large", "Theirs"]);
    let r = app
        .post("/v1/opportunities/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [
            {"field": "currency", "op": "eq", "value": "EUR"},
            {"field": "amount", "op": "gte", "value": "25000.00"}
        ]}, "sort": "created_at"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["Large", "Theirs"]);
    let r = app.get("/v1/opportunities?q=smal").bearer(&t).send().await;
    assert_eq!(names(&r), ["Small"]);
}

#[actix_web::test]
async fn a_merge_hands_the_opportunities_to_the_survivor_and_another_organisation_sees_none() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (_, ada) = setup(&app, &t).await;
    let twin = id(&create(&app, &t, "/v1/people", json!({"first_name": "Ada"})).await);
    let o = create(
        &app,
        &t,
        "/v1/opportunities",
        json!({"name": "Twin's", "person_id": twin}),
    )
    .await;
    let r = app
        .post(&format!("/v1/people/{ada}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [twin]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let path = format!("/v1/opportunities/{}", id(&o));
    let r = app.get(&path).bearer(&t).send().await;
    assert_eq!(r.body["person_id"].as_str(), Some(ada.as_str()));
    let r = app
        .get(&format!("/v1/opportunities?person_id={ada}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        r.body["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.text
    );

    let stranger = app.owner_token("stranger@example.org").await;
    app.get(&path)
        .bearer(&stranger)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.get("/v1/opportunities").bearer(&stranger).send().await;
    assert_eq!(r.body["data"], json!([]));
    let r = app
        .patch(&path)
        .bearer(&stranger)
        .json(json!({"name": "mine"}))
        .send()
        .await;
    r.problem(404, "not_found");
    // Nor can it sell to this organisation's people.
    create(&app, &stranger, "/v1/pipelines", json!({"name": "Theirs"})).await;
    let r = app
        .post("/v1/opportunities")
        .bearer(&stranger)
        .json(json!({"name": "x", "person_id": ada}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["person_id"], "{}", r.text);
}
