//! Background jobs: registered by kind, run by a worker, scheduled for a time, and
//! listed for administrators with their state, attempts and last error.

use crm_core::{Actor, Principal};
use crm_tests::TestApp;
use serde_json::{Value, json};

async fn jobs(app: &TestApp, t: &str, query: &str) -> Vec<Value> {
    let r = app.get(&format!("/v1/jobs{query}")).bearer(t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"].as_array().unwrap().clone()
}

async fn import_people(app: &TestApp, t: &str) -> String {
    let r = app
        .post("/v1/imports")
        .bearer(t)
        .form(
            Some(json!({"format": "csv"})),
            "people.csv",
            "text/csv",
            b"first_name,email\nAda,ada@example.com\n",
        )
        .send()
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_import_is_a_job_that_administrators_follow_from_queued_to_done() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let import = import_people(&app, &t).await;

    let queued = jobs(&app, &t, "?kind=import").await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["kind"], "import");
    assert_eq!(queued[0]["subject_id"], import.as_str());
    assert_eq!(queued[0]["state"], "queued");
    assert_eq!(queued[0]["attempts"], 0);
    assert_eq!(queued[0]["last_error"], Value::Null);

    assert_eq!(app.work().await, 1);
    let done = jobs(&app, &t, "?state=done").await;
    assert_eq!(done.len(), 1);
    assert_eq!(done[0]["attempts"], 1);
    assert!(jobs(&app, &t, "?state=queued").await.is_empty());
    assert!(jobs(&app, &t, "?kind=tag.cards").await.is_empty());
}

#[tokio::test]
async fn jobs_are_for_administrators_of_their_own_organisation() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    import_people(&app, &t).await;
    app.create_user(&t, "sales@example.com", "sales").await;
    let sales = app.login("sales@example.com").await;
    app.get("/v1/jobs")
        .bearer(&sales)
        .send()
        .await
        .problem(403, "forbidden");
    let other = app.owner_token("other@example.org").await;
    assert!(jobs(&app, &other, "").await.is_empty());
    let r = app.get("/v1/jobs?kind=Import!").bearer(&t).send().await;
    assert_eq!(
        r.problem(400, "invalid_parameter")["errors"][0]["field"],
        "kind"
    );
    let r = app.get("/v1/jobs?state=paused").bearer(&t).send().await;
    assert_eq!(r.status, 400, "{}", r.text);
}

#[tokio::test]
async fn a_tag_rename_answers_at_once_and_a_job_brings_the_carriers_cards_up_to_date() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let mut ids = Vec::new();
    for name in ["Ada", "Grace", "Edsger"] {
        let r = app
            .post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": name, "tags": ["vip"]}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_string());
    }
    let tag = app.get("/v1/tags?q=vip").bearer(&t).send().await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .patch(&format!("/v1/tags/{tag}"))
        .bearer(&t)
        .json(json!({"name": "gold"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let queued = jobs(&app, &t, "?kind=tag.cards&state=queued").await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["subject_id"], tag.as_str());

    assert_eq!(app.work().await, 1);
    for id in &ids {
        let p = app.get(&format!("/v1/people/{id}")).bearer(&t).send().await;
        assert_eq!(p.body["tags"], json!(["gold"]), "{}", p.text);
    }
    assert_eq!(jobs(&app, &t, "?kind=tag.cards&state=done").await.len(), 1);
}

#[tokio::test]
async fn a_job_scheduled_for_later_waits_for_its_time() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let me = app.get("/v1/me").bearer(&t).send().await.body;
    let org: uuid::Uuid = me["organisation"]["id"].as_str().unwrap().parse().unwrap();
    let actor = Actor::new(org.into(), Principal::System, None);
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let id = app
        .state
        .jobs
        .schedule(&actor, "import", uuid::Uuid::now_v7(), Some(later))
        .await
        .unwrap();
    assert_eq!(
        app.work().await,
        0,
        "a job due in an hour is not claimed now"
    );
    let listed = jobs(&app, &t, "?state=queued").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id.to_string());
    let run_at: chrono::DateTime<chrono::Utc> =
        listed[0]["run_at"].as_str().unwrap().parse().unwrap();
    assert!(
        (run_at - later).num_milliseconds().abs() < 1,
        "{run_at} vs {later}"
    );
}

#[tokio::test]
async fn a_job_left_running_by_a_process_that_died_runs_again_at_once_when_reclaimed() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let import = import_people(&app, &t).await;
    // A worker claims it with a long lease, then its process is killed.
    let claimed = app
        .state
        .jobs
        .claim(
            "dead-worker",
            &["import"],
            std::time::Duration::from_secs(3600),
        )
        .await
        .unwrap();
    assert!(claimed.is_some());
    assert_eq!(
        app.work().await,
        0,
        "the lease keeps it from another worker"
    );
    // The next start of the one process of this file gives it back.
    assert_eq!(app.state.jobs.reclaim_abandoned().await.unwrap(), 1);
    let queued = jobs(&app, &t, "?kind=import").await;
    assert_eq!(queued[0]["state"], "queued");
    assert_eq!(queued[0]["attempts"], 1, "the interrupted attempt counts");
    assert_eq!(app.work().await, 1);
    let r = app
        .get(&format!("/v1/imports/{import}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["status"], "completed", "{}", r.text);
    assert_eq!(app.count("people").await, 1);
    assert_eq!(app.state.jobs.reclaim_abandoned().await.unwrap(), 0);
}

#[actix_web::test]
async fn the_running_jobs_of_a_worker_that_is_gone_are_taken_back_at_once_and_a_live_ones_stay() {
    let app = TestApp::spawn().await;
    let s = app.signup("owner@example.com").await;
    let org = uuid::Uuid::parse_str(s["organisation"]["id"].as_str().unwrap()).unwrap();
    let actor = Actor::new(org.into(), Principal::System, None);
    let q = app.state.jobs.clone();
    let kinds = ["test.long"];
    for _ in 0..2 {
        q.schedule(&actor, kinds[0], uuid::Uuid::now_v7(), None)
            .await
            .unwrap();
    }
    let lease = std::time::Duration::from_secs(3600);
    // One worker died holding a job (it never announced itself: nothing holds its
    // lock); another is alive.
    assert!(
        q.claim("gone-worker", &kinds, lease)
            .await
            .unwrap()
            .is_some()
    );
    q.announce("live-worker").await.unwrap();
    assert!(
        q.claim("live-worker", &kinds, lease)
            .await
            .unwrap()
            .is_some()
    );
    let taken = q.reclaim_orphaned().await.unwrap();
    if crm_tests::backend() == "postgres" {
        assert_eq!(
            taken, 1,
            "only the gone worker's job, without waiting for its lease"
        );
        let again = q.claim("third-worker", &kinds, lease).await.unwrap();
        assert!(again.is_some());
        assert!(
            q.claim("third-worker", &kinds, lease)
                .await
                .unwrap()
                .is_none()
        );
    } else {
        // One process per SQLite file: the process that starts gives everything back.
        assert_eq!(taken, 0);
        assert_eq!(q.reclaim_abandoned().await.unwrap(), 2);
    }
}
