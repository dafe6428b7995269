//! Tasks: created, done and reopened; a salesperson's day; reminders at the due time;
//! recurring tasks; bad input refused field by field.

use super::logging::person;
use crm_tests::TestApp;
use serde_json::{Value, json};

async fn task(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/tasks").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn titles(r: &crm_tests::Reply) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_task_is_done_with_its_time_reopened_and_restored_after_deletion() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let me = app.get("/v1/me").bearer(&t).send().await.body["id"].clone();
    let ada = person(&app, &t, "Ada").await;
    let k = task(&app, &t, json!({"title": "Call back", "due_at": "2030-01-07T09:00:00Z", "assignee_id": me, "person_ids": [ada], "priority": "high"})).await;
    assert_eq!(
        (
            k["status"].clone(),
            k["priority"].clone(),
            k["time_zone"].clone()
        ),
        (json!("open"), json!("high"), json!("UTC"))
    );
    assert_eq!(k["created_by"], me);
    let path = format!("/v1/tasks/{}", k["id"].as_str().unwrap());
    let done = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "done"}))
        .send()
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert!(done.body["completed_at"].is_string());
    let open = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "open"}))
        .send()
        .await;
    assert_eq!(open.body["completed_at"], Value::Null);
    assert_eq!(app.delete(&path).bearer(&t).send().await.status, 204);
    app.get(&path)
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    for kind in ["created", "updated", "deleted", "restored"] {
        let sql = format!("outbox_events WHERE event_type = 'task.{kind}'");
        let expected = if kind == "updated" { 2 } else { 1 };
        assert_eq!(app.count(&sql).await, expected, "{kind}");
    }
}

#[actix_web::test]
async fn a_salespersons_day_is_their_open_tasks_due_before_a_time_soonest_first() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let colleague = app.create_user(&t, "sales@example.com", "sales").await["id"].clone();
    let u = app.login("sales@example.com").await;
    for (title, due, who) in [
        ("Later today", "2030-01-07T16:00:00Z", &colleague),
        ("First thing", "2030-01-07T08:00:00Z", &colleague),
        ("Tomorrow", "2030-01-08T09:00:00Z", &colleague),
        ("Someone else's", "2030-01-07T09:00:00Z", &Value::Null),
    ] {
        task(
            &app,
            &t,
            json!({"title": title, "due_at": due, "assignee_id": who}),
        )
        .await;
    }
    let done = task(&app, &t, json!({"title": "Already done", "due_at": "2030-01-07T10:00:00Z", "assignee_id": colleague})).await;
    app.patch(&format!("/v1/tasks/{}", done["id"].as_str().unwrap()))
        .bearer(&t)
        .json(json!({"status": "done"}))
        .send()
        .await;
    let r = app
        .get("/v1/tasks?assignee=me&status=open&due_before=2030-01-08&sort=due_at")
        .bearer(&u)
        .send()
        .await;
    assert_eq!(titles(&r), ["First thing", "Later today"]);
    let key = app
        .post("/v1/api-keys")
        .bearer(&t)
        .json(json!({"name": "script", "role": "sales"}))
        .send()
        .await;
    let secret = key.body["secret"].as_str().unwrap_or_default().to_string();
    let r = app
        .get("/v1/tasks?assignee=me")
        .bearer(&secret)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.error_fields(), ["assignee"]);
}

#[actix_web::test]
async fn reminders_fire_at_the_due_time_only_for_a_task_still_open_and_still_due_then() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    task(
        &app,
        &t,
        json!({"title": "Past due", "due_at": "2020-01-01T09:00:00Z"}),
    )
    .await;
    let moved = task(
        &app,
        &t,
        json!({"title": "Moved", "due_at": "2020-01-01T09:00:00Z"}),
    )
    .await;
    app.patch(&format!("/v1/tasks/{}", moved["id"].as_str().unwrap()))
        .bearer(&t)
        .json(json!({"due_at": "2099-01-01T09:00:00Z"}))
        .send()
        .await;
    let finished = task(
        &app,
        &t,
        json!({"title": "Finished", "due_at": "2020-01-01T09:00:00Z"}),
    )
    .await;
    app.patch(&format!("/v1/tasks/{}", finished["id"].as_str().unwrap()))
        .bearer(&t)
        .json(json!({"status": "done"}))
        .send()
        .await;
    task(
        &app,
        &t,
        json!({"title": "Future", "due_at": "2099-01-01T09:00:00Z"}),
    )
    .await;
    // The past reminders of four tasks run; the moved task's and the finished one's send nothing.
    assert_eq!(app.work().await, 6);
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'task.due'")
            .await,
        1
    );
    assert_eq!(
        app.count("outbox_events WHERE event_type = 'task.overdue'")
            .await,
        1
    );
    assert_eq!(
        app.count("jobs WHERE kind LIKE 'task.%' AND status = 'queued'")
            .await,
        4
    );
}

#[actix_web::test]
async fn finishing_a_weekly_task_adds_the_next_one_at_the_same_local_time() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let k = task(&app, &t, json!({"title": "Weekly check-in", "due_at": "2030-03-25T08:00:00Z", "time_zone": "Europe/Paris", "recurrence": {"frequency": "weekly"}, "person_ids": [ada], "tags": ["ritual"]})).await;
    assert_eq!(
        k["recurrence"],
        json!({"frequency": "weekly", "interval": 1, "until": null})
    );
    let r = app
        .patch(&format!("/v1/tasks/{}", k["id"].as_str().unwrap()))
        .bearer(&t)
        .json(json!({"status": "done"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.get("/v1/tasks?status=open").bearer(&t).send().await;
    let next = &r.body["data"][0];
    // 09:00 in Paris: UTC+1 before 31 March 2030, UTC+2 after.
    assert_eq!(next["due_at"], "2030-04-01T07:00:00Z");
    assert_eq!(
        (next["person_ids"].clone(), next["tags"].clone()),
        (json!([ada]), json!(["ritual"]))
    );
}

#[actix_web::test]
async fn a_bad_task_names_every_wrong_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other = app.owner_token("other@example.com").await;
    let theirs = app.get("/v1/me").bearer(&other).send().await.body["id"].clone();
    let r = app
        .post("/v1/tasks")
        .bearer(&t)
        .json(json!({"title": " ", "time_zone": "Mars/Olympus", "recurrence": {"frequency": "daily", "interval": 0}}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["title", "recurrence.interval", "due_at", "time_zone"]
    );
    let r = app
        .post("/v1/tasks")
        .bearer(&t)
        .json(json!({"title": "x", "assignee_id": theirs}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["assignee_id"]);
    assert_eq!(app.count("tasks").await, 0);
    assert_eq!(app.count("jobs WHERE kind LIKE 'task.%'").await, 0);
}

#[actix_web::test]
async fn a_call_logged_with_a_follow_up_creates_its_task_for_the_same_people_in_one_write() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "call", "person_ids": [ada], "subject": "Renewal", "follow_up": {"title": " ", "time_zone": "Nowhere/Land"}}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["follow_up.title", "follow_up.time_zone"]);
    assert_eq!(app.count("interactions").await, 0);
    let call = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "call", "person_ids": [ada], "subject": "Renewal", "follow_up": {"title": "Send the price list", "due_at": "2030-01-08T09:00:00Z", "priority": "high"}}))
        .send()
        .await;
    assert_eq!(call.status, 201, "{}", call.text);
    let id = call.body["id"].as_str().unwrap();
    let r = app
        .get(&format!("/v1/tasks?interaction_id={id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(titles(&r), ["Send the price list"]);
    let k = &r.body["data"][0];
    assert_eq!(
        (
            k["person_ids"].clone(),
            k["priority"].clone(),
            k["interaction_id"].clone()
        ),
        (json!([ada]), json!("high"), json!(id))
    );
}

#[actix_web::test]
async fn staff_below_manager_see_their_own_created_and_unassigned_tasks_and_managers_see_all() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let sales = app.create_user(&t, "sales@example.com", "sales").await["id"].clone();
    let support = app.create_user(&t, "support@example.com", "support").await["id"].clone();
    app.create_user(&t, "manager@example.com", "manager").await;
    let (s, m) = (
        app.login("sales@example.com").await,
        app.login("manager@example.com").await,
    );
    task(&app, &t, json!({"title": "Mine", "assignee_id": sales})).await;
    let ada = person(&app, &t, "Ada").await;
    let theirs = task(
        &app,
        &t,
        json!({"title": "Theirs", "assignee_id": support, "person_ids": [ada]}),
    )
    .await;
    task(&app, &t, json!({"title": "Nobody's"})).await;
    task(
        &app,
        &s,
        json!({"title": "Handed over", "assignee_id": support}),
    )
    .await;
    let r = app.get("/v1/tasks?sort=created_at").bearer(&s).send().await;
    assert_eq!(titles(&r), ["Mine", "Nobody's", "Handed over"]);
    let r = app
        .post("/v1/tasks/search")
        .bearer(&s)
        .json(json!({"filter": {"field": "title", "op": "eq", "value": "Theirs"}}))
        .send()
        .await;
    assert_eq!(titles(&r), Vec::<String>::new());
    let path = format!("/v1/tasks/{}", theirs["id"].as_str().unwrap());
    app.get(&path)
        .bearer(&s)
        .send()
        .await
        .problem(404, "not_found");
    app.patch(&path)
        .bearer(&s)
        .json(json!({"status": "done"}))
        .send()
        .await
        .problem(404, "not_found");
    app.delete(&path)
        .bearer(&s)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.get("/v1/tasks?sort=created_at").bearer(&m).send().await;
    assert_eq!(titles(&r).len(), 4);
    let timeline = |token: String| {
        let app = &app;
        let path = format!("/v1/people/{ada}/timeline?kind=task");
        async move { titles(&app.get(&path).bearer(&token).send().await) }
    };
    assert_eq!(timeline(s.clone()).await, Vec::<String>::new());
    assert_eq!(timeline(m.clone()).await, ["Task: Theirs"]);
}
