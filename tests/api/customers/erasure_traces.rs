//! Erasure leaves nothing: after `POST /v1/people/{id}/erase`, no copy of the person's
//! email, name or phone is anywhere in the database (the SQLite files byte for byte, log
//! included; every table's rows on PostgreSQL), merged twins included, and a replayed
//! `Idempotency-Key` answers 410 instead of the kept body.

use crm_tests::TestApp;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};

/// What must be gone: the two records' emails, names and phone numbers.
const TRACES: &[&str] = &[
    "zebulonia@quill.example",
    "z.q@twin.example",
    "Zebulonia",
    "Quillfeather",
    "Marrowvale",
    "2079460958",
    "2071838751",
];

async fn keyed_create(app: &TestApp, t: &str, key: &str, body: &Value) -> String {
    let r = app
        .post("/v1/people")
        .bearer(t)
        .header("Idempotency-Key", key)
        .json(body.clone())
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

/// Where each trace still is: a file (SQLite) or a table (PostgreSQL).
async fn traces_left(app: &TestApp) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(path) = app
        .url
        .strip_prefix("sqlite://")
        .and_then(|u| u.split('?').next())
    {
        for suffix in ["", "-wal", "-shm"] {
            let file = format!("{path}{suffix}");
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            for t in TRACES {
                let n = bytes
                    .windows(t.len())
                    .filter(|w| w.eq_ignore_ascii_case(t.as_bytes()))
                    .count();
                if n > 0 {
                    found.push(format!("{t} ×{n} in {file}"));
                }
            }
        }
        return found;
    }
    let db = Database::connect(&app.url).await.unwrap();
    let tables = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT table_name::text AS t FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        ))
        .await
        .unwrap();
    for row in tables {
        let table: String = row.try_get("", "t").unwrap();
        for t in TRACES {
            let sql =
                format!("SELECT COUNT(*) AS n FROM \"{table}\" x WHERE x::text ILIKE '%{t}%'");
            let n: i64 = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap()
                .try_get("", "n")
                .unwrap();
            if n > 0 {
                found.push(format!("{t} ×{n} in table {table}"));
            }
        }
    }
    found
}

#[actix_web::test]
async fn an_erasure_leaves_no_copy_of_the_persons_email_name_or_phone_anywhere() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let main = json!({"first_name": "Zebulonia", "last_name": "Quillfeather", "emails": [{"address": "zebulonia@quill.example"}], "phones": [{"number": "+44 20 7946 0958"}], "tags": ["vip"]});
    let twin = json!({"first_name": "Zeb", "last_name": "Marrowvale", "emails": [{"address": "z.q@twin.example"}], "phones": [{"number": "+44 20 7183 8751"}]});
    let id = keyed_create(&app, &t, "create-main", &main).await;
    let twin_id = keyed_create(&app, &t, "create-twin", &twin).await;
    // Changes leave old text behind in pages and the log unless it is wiped.
    for patch in [
        json!({"last_name": "Quillfeather-Marrowvale"}),
        json!({"tags": ["vip", "beta"], "lifecycle_stage": "customer"}),
        json!({"last_name": "Quillfeather"}),
    ] {
        let r = app
            .patch(&format!("/v1/people/{id}"))
            .bearer(&t)
            .json(patch)
            .send()
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = app.post(&format!("/v1/people/{id}/consents")).bearer(&t).json(json!({"channel": "email", "purpose": "marketing", "status": "granted", "proof": "form sent by zebulonia@quill.example"})).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "call", "subject": "Call with Zebulonia Quillfeather", "person_ids": [id]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    // An opportunity with the twin, named after her and moved once, follows the merge.
    let r = app
        .post("/v1/pipelines")
        .bearer(&t)
        .json(json!({"name": "Sales"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let stage = r.body["stages"][2]["id"].clone();
    let r = app
        .post("/v1/opportunities")
        .bearer(&t)
        .json(json!({"name": "Zeb Marrowvale: 40 seats", "person_id": twin_id, "next_step": "Call Zebulonia Quillfeather"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let deal = r.body["id"].as_str().unwrap_or_default().to_string();
    let r = app
        .patch(&format!("/v1/opportunities/{deal}"))
        .bearer(&t)
        .json(json!({"stage_id": stage}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app
        .post(&format!("/v1/people/{id}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [twin_id]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        !traces_left(&app).await.is_empty(),
        "the scenario wrote the traces"
    );

    let r = app
        .post(&format!("/v1/people/{id}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    for (key, body) in [("create-main", &main), ("create-twin", &twin)] {
        let replay = app
            .post("/v1/people")
            .bearer(&t)
            .header("Idempotency-Key", key)
            .json(body.clone())
            .send()
            .await;
        replay.problem(410, "erased");
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    }
    assert_eq!(
        app.count("people").await,
        2,
        "the replays wrote nothing; the rows stay for the counts"
    );
    let left = traces_left(&app).await;
    assert!(left.is_empty(), "left behind: {left:#?}");
}
