//! Service levels: business hours and SLA policies set by admins; a case's deadlines
//! counted in business hours, stopped while the customer is awaited, breached by a job
//! at the deadline; the follow-up check after resolution.

use super::cases::case;
use super::logging::person;
use crm_tests::TestApp;
use serde_json::{Value, json};

async fn policy(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app
        .post("/v1/sla-policies")
        .bearer(t)
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn at(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v.as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| panic!("not a time: {v}"))
}

#[actix_web::test]
async fn business_hours_count_every_hour_until_an_admin_sets_them_and_bad_hours_are_refused() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app.get("/v1/business-hours").bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.body["time_zone"].clone(), r.body["version"].clone()),
        (json!("UTC"), json!(0))
    );
    assert_eq!(
        r.body["weekly"]["sunday"],
        json!([{"start": "00:00", "end": "24:00"}])
    );
    let bad = app
        .req(actix_web::http::Method::PUT, "/v1/business-hours")
        .bearer(&t)
        .json(json!({"time_zone": "Mars/Olympus", "weekly": {"monday": [{"start": "17:00", "end": "09:00"}], "tuesday": [{"start": "09:00", "end": "13:00"}, {"start": "12:00", "end": "18:00"}]}}))
        .send()
        .await;
    bad.problem(422, "validation");
    assert_eq!(
        bad.error_fields(),
        [
            "time_zone",
            "weekly.monday[0].end",
            "weekly.tuesday[1].start"
        ]
    );
    let hours = json!({"time_zone": "Europe/Paris", "weekly": {"monday": [{"start": "09:00", "end": "12:30"}, {"start": "13:30", "end": "17:30"}], "friday": [{"start": "09:00", "end": "17:00"}]}, "holidays": ["2026-12-25"]});
    let r = app
        .req(actix_web::http::Method::PUT, "/v1/business-hours")
        .bearer(&t)
        .header("If-Match", "\"0\"")
        .json(hours.clone())
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["version"], 1);
    let read = app.get("/v1/business-hours").bearer(&t).send().await;
    assert_eq!(read.body["weekly"]["monday"], hours["weekly"]["monday"]);
    assert_eq!(read.body["weekly"]["tuesday"], json!([]));
    assert_eq!(read.body["holidays"], json!(["2026-12-25"]));
    app.req(actix_web::http::Method::PUT, "/v1/business-hours")
        .bearer(&t)
        .header("If-Match", "\"0\"")
        .json(hours.clone())
        .send()
        .await
        .problem(412, "precondition_failed");
    app.create_user(&t, "support@example.com", "support").await;
    let support = app.login("support@example.com").await;
    assert_eq!(
        app.get("/v1/business-hours")
            .bearer(&support)
            .send()
            .await
            .status,
        200
    );
    app.req(actix_web::http::Method::PUT, "/v1/business-hours")
        .bearer(&support)
        .json(hours)
        .send()
        .await
        .problem(403, "forbidden");
}

#[actix_web::test]
async fn a_case_is_worked_to_the_most_specific_policy_and_its_deadlines_follow_the_business_hours()
{
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let any = policy(
        &app,
        &t,
        json!({"name": "Standard", "first_response_minutes": 240, "resolution_minutes": 2400}),
    )
    .await;
    let urgent = policy(&app, &t, json!({"name": "Urgent", "priority": "urgent", "first_response_minutes": 30, "resolution_minutes": 240, "follow_up_days": 1})).await;
    let c = case(
        &app,
        &t,
        json!({"subject": "Site down", "priority": "urgent"}),
    )
    .await;
    let opened = at(&c["created_at"]);
    assert_eq!(c["sla"]["policy_id"], urgent["id"]);
    assert_eq!(
        at(&c["sla"]["first_response_due_at"]) - opened,
        chrono::Duration::minutes(30)
    );
    assert_eq!(
        at(&c["sla"]["resolution_due_at"]) - opened,
        chrono::Duration::hours(4)
    );
    assert_eq!(c["sla"]["due_at"], c["sla"]["first_response_due_at"]);
    assert_eq!(
        (c["sla"]["breached"].clone(), c["sla"]["paused"].clone()),
        (json!(false), json!(false))
    );
    let path = format!("/v1/cases/{}", c["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"priority": "normal"}))
        .send()
        .await;
    assert_eq!(r.body["sla"]["policy_id"], any["id"], "{}", r.text);
    assert_eq!(
        at(&r.body["sla"]["first_response_due_at"]) - opened,
        chrono::Duration::hours(4)
    );
    let waiting = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "pending_customer"}))
        .send()
        .await;
    assert_eq!(
        (
            waiting.body["sla"]["paused"].clone(),
            waiting.body["sla"]["resolution_due_at"].clone()
        ),
        (json!(true), Value::Null),
        "{}",
        waiting.text
    );
    let back = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "open"}))
        .send()
        .await;
    let due = at(&back.body["sla"]["resolution_due_at"]);
    assert!(due >= opened + chrono::Duration::hours(40), "{}", back.text);
    let queue = app
        .get("/v1/cases?sort=sla_due_at&sla_breached=false")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(queue.body["data"][0]["id"], c["id"], "{}", queue.text);
    // Deadlines are checked by jobs queued at them, not by a scan.
    assert!(app.count("jobs WHERE kind = 'case.sla'").await >= 2);
}

#[actix_web::test]
async fn a_missed_deadline_is_breached_by_its_check_once_and_a_late_first_answer_is_a_breach_too() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    policy(
        &app,
        &t,
        json!({"name": "Standard", "first_response_minutes": 60, "resolution_minutes": 480}),
    )
    .await;
    let late = case(&app, &t, json!({"subject": "Nobody answered"})).await;
    let id = late["id"].as_str().unwrap();
    // Move the first-response deadline and its check into the past, as if an hour went by.
    app.execute(
        "UPDATE cases SET first_response_due_at = '2020-01-01T09:00:00Z', sla_due_at = '2020-01-01T09:00:00Z'",
    )
    .await;
    app.execute(
        "UPDATE jobs SET run_at = '2020-01-01T09:00:00Z', payload = '{\"target\":\"first_response\",\"due_at\":\"2020-01-01T09:00:00Z\"}' WHERE kind = 'case.sla' AND payload LIKE '%first_response%'",
    )
    .await;
    assert_eq!(app.work().await, 1);
    let r = app.get(&format!("/v1/cases/{id}")).bearer(&t).send().await;
    assert_eq!(
        (
            r.body["sla"]["breached"].clone(),
            r.body["sla"]["first_response_breached_at"].clone()
        ),
        (json!(true), json!("2020-01-01T09:00:00Z")),
        "{}",
        r.text
    );
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'case.sla_breached'")
            .await,
        1
    );
    let breached = app
        .get("/v1/cases?sla_breached=true")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(breached.body["data"].as_array().map(Vec::len), Some(1));
    let h = app
        .get(&format!("/v1/cases/{id}/history"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(h.body["data"][1]["kind"], "sla_breached");
    assert_eq!(
        (
            h.body["data"][1]["to"].clone(),
            h.body["data"][1]["actor_type"].clone()
        ),
        (json!("first_response"), json!("system"))
    );
    // A check whose deadline moved since does nothing.
    app.execute(
        "UPDATE jobs SET run_at = '2020-01-01T09:00:00Z', payload = '{\"target\":\"resolution\",\"due_at\":\"2020-01-01T10:00:00Z\"}' WHERE kind = 'case.sla' AND payload LIKE '%resolution%'",
    )
    .await;
    assert_eq!(app.work().await, 1);
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'case.sla_breached'")
            .await,
        1
    );
    // A first answer given after its deadline is a breach when it is given.
    let slow = case(&app, &t, json!({"subject": "Answered late"})).await;
    let slow_id = slow["id"].as_str().unwrap();
    app.execute(
        "UPDATE cases SET first_response_due_at = '2020-01-01T09:00:00Z' WHERE subject = 'Answered late'",
    )
    .await;
    let r = app
        .post(&format!("/v1/cases/{slow_id}/comments"))
        .bearer(&t)
        .json(json!({"body": "Sorry for the wait", "visibility": "public"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app
        .get(&format!("/v1/cases/{slow_id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        r.body["sla"]["first_response_breached_at"], "2020-01-01T09:00:00Z",
        "{}",
        r.text
    );
}

#[actix_web::test]
async fn a_resolved_case_is_followed_up_and_not_solved_reopens_it_while_solved_closes_it() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let me = app.get("/v1/me").bearer(&t).send().await.body["id"].clone();
    let ada = person(&app, &t, "Ada").await;
    policy(&app, &t, json!({"name": "Standard", "first_response_minutes": 60, "resolution_minutes": 480, "follow_up_days": 2})).await;
    let c = case(
        &app,
        &t,
        json!({"subject": "Wrong size delivered", "assignee_id": me, "person_ids": [ada]}),
    )
    .await;
    let path = format!("/v1/cases/{}", c["id"].as_str().unwrap());
    app.post(&format!("{path}/follow-up"))
        .bearer(&t)
        .json(json!({"solved": true}))
        .send()
        .await
        .problem(409, "conflict");
    let resolved = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "resolved", "resolution": "Sent the right size"}))
        .send()
        .await;
    let task = resolved.body["follow_up"]["task_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let k = app
        .get(&format!("/v1/tasks/{task}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(k.status, 200, "{}", resolved.text);
    assert_eq!(
        (
            k.body["title"].clone(),
            k.body["assignee_id"].clone(),
            k.body["person_ids"].clone()
        ),
        (
            json!("Check with the customer that CASE-000001 is solved"),
            me.clone(),
            json!([ada])
        )
    );
    let due = at(&k.body["due_at"]) - at(&resolved.body["resolved_at"]);
    assert!(
        (due - chrono::Duration::days(2)).num_seconds().abs() < 5,
        "{due}"
    );
    let bad = app
        .post(&format!("{path}/follow-up"))
        .bearer(&t)
        .json(json!({"solved": false, "rating": 6}))
        .send()
        .await;
    bad.problem(422, "validation");
    assert_eq!(bad.error_fields(), ["rating"]);
    let r = app
        .post(&format!("{path}/follow-up"))
        .bearer(&t)
        .json(json!({"solved": false, "rating": 2, "comment": "Still the wrong colour"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "reopened");
    assert_eq!(
        (
            r.body["follow_up"]["solved"].clone(),
            r.body["follow_up"]["rating"].clone()
        ),
        (json!(false), json!(2))
    );
    let k = app
        .get(&format!("/v1/tasks/{task}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(k.body["status"], "done");
    app.patch(&path)
        .bearer(&t)
        .json(json!({"status": "resolved"}))
        .send()
        .await;
    let r = app
        .post(&format!("{path}/follow-up"))
        .bearer(&t)
        .json(json!({"solved": true, "rating": 5}))
        .send()
        .await;
    assert_eq!(
        (
            r.body["status"].clone(),
            r.body["follow_up"]["rating"].clone()
        ),
        (json!("closed"), json!(5)),
        "{}",
        r.text
    );
    let h = app.get(&format!("{path}/history")).bearer(&t).send().await;
    let follow_ups: Vec<&str> = h.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "follow_up")
        .map(|e| e["to"].as_str().unwrap())
        .collect();
    assert_eq!(follow_ups, ["not_solved, rated 2", "solved, rated 5"]);
    assert_eq!(app.count("tasks WHERE status = 'done'").await, 2);
}

#[actix_web::test]
async fn policies_are_set_by_admins_checked_field_by_field_and_read_by_support() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/sla-policies")
        .bearer(&t)
        .json(json!({"name": " ", "first_response_minutes": 0, "resolution_minutes": 600000, "follow_up_days": 91}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "name",
            "first_response_minutes",
            "resolution_minutes",
            "follow_up_days"
        ]
    );
    // JSON Schema counts 480.0 as an integer, so a generated client may send it; 60.5 is not one.
    let p = policy(&app, &t, json!({"name": "Billing", "category": "billing", "first_response_minutes": 60, "resolution_minutes": 480.0})).await;
    assert_eq!(
        (p["follow_up_days"].clone(), p["resolution_minutes"].clone()),
        (json!(3), json!(480))
    );
    let r = app
        .post("/v1/sla-policies")
        .bearer(&t)
        .json(json!({"name": "Half", "first_response_minutes": 60.5, "resolution_minutes": 480}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["first_response_minutes"]);
    let path = format!("/v1/sla-policies/{}", p["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"resolution_minutes": 240, "category": null}))
        .send()
        .await;
    assert_eq!(
        (
            r.body["resolution_minutes"].clone(),
            r.body["category"].clone(),
            r.body["version"].clone()
        ),
        (json!(240), Value::Null, json!(2)),
        "{}",
        r.text
    );
    app.create_user(&t, "support@example.com", "support").await;
    let support = app.login("support@example.com").await;
    let list = app.get("/v1/sla-policies").bearer(&support).send().await;
    assert_eq!(list.body["data"][0]["id"], p["id"], "{}", list.text);
    app.patch(&path)
        .bearer(&support)
        .json(json!({"name": "Mine"}))
        .send()
        .await
        .problem(403, "forbidden");
    assert_eq!(app.delete(&path).bearer(&t).send().await.status, 204);
    let c = case(&app, &t, json!({"subject": "No policy now"})).await;
    assert_eq!(
        (c["sla"]["policy_id"].clone(), c["sla"]["due_at"].clone()),
        (Value::Null, Value::Null)
    );
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    let c = case(&app, &t, json!({"subject": "Policy again"})).await;
    assert_eq!(c["sla"]["policy_id"], p["id"]);
}
