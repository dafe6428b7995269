//! Imports: CSV and NDJSON files streamed into chunks, checked as they arrive, and run
//! by a worker in batches that resume where they stopped.

use crm_tests::{Reply, TestApp};
use serde_json::{Value, json};

pub(crate) async fn upload(
    app: &TestApp,
    t: &str,
    options: Value,
    name: &str,
    kind: &str,
    file: &[u8],
) -> Reply {
    app.post("/v1/imports")
        .bearer(t)
        .form(Some(options), name, kind, file)
        .send()
        .await
}

/// Uploads, runs the worker, and returns the finished import.
pub(crate) async fn import(
    app: &TestApp,
    t: &str,
    options: Value,
    name: &str,
    kind: &str,
    file: &[u8],
) -> Value {
    let r = upload(app, t, options, name, kind, file).await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.body["status"], "queued");
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/imports/{id}").as_str())
    );
    assert_eq!(app.work().await, 1, "one job ran");
    let r = app.get(&format!("/v1/imports/{id}")).bearer(t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

/// A failed row: its number, its line, and its (field, code) pairs.
type RowSummary = (u64, u64, Vec<(String, String)>);

pub(crate) async fn errors(app: &TestApp, t: &str, id: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/v1/imports/{id}/errors"))
        .bearer(t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"].as_array().unwrap().clone()
}

/// Each failed row as (row, [(field, code)]).
pub(crate) fn failures(rows: &[Value]) -> Vec<(u64, Vec<(String, String)>)> {
    rows.iter()
        .map(|r| {
            let fields = r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_string(),
                        e["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (r["row"].as_u64().unwrap(), fields)
        })
        .collect()
}

async fn people(app: &TestApp, t: &str) -> Vec<Value> {
    let r = app.get("/v1/people?limit=200").bearer(t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn a_csv_import_creates_people_with_companies_tags_and_custom_fields() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "seats", "label": "Seats", "type": "number"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let csv = "Name,Surname,E-mail,Phone,Labels,Seats,Employer,Title\r\n\
               Ada,Lovelace,ADA@example.com,+44 20 7946 0000,vip;beta,12,Acme,CTO\r\n\
               Grace,Hopper,grace@example.com,,vip,3,acme,\r\n\
               \"Alan, Jr.\",Turing,alan@example.com,,,,\"Bletchley\nPark\",\"Code \"\"breaker\"\"\"\r\n";
    let done = import(
        &app,
        &t,
        json!({"mapping": {
            "Name": "first_name", "Surname": "last_name", "E-mail": "email", "Phone": "phone:mobile",
            "Labels": "tags", "Seats": "custom_fields.seats", "Employer": "company.name", "Title": "company.title"
        }}),
        "people.csv",
        "text/csv",
        csv.as_bytes(),
    )
    .await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["format"], "csv");
    assert_eq!(done["file_name"], "people.csv");
    assert_eq!(done["rows_total"], 3);
    assert_eq!(
        done["progress"],
        json!({"rows_done": 3, "created": 3, "updated": 0, "failed": 0})
    );
    assert_eq!(done["columns"][0], "Name");
    assert_eq!(done["attempts"], 1);

    let all = people(&app, &t).await;
    assert_eq!(all.len(), 3);
    let ada = all.iter().find(|p| p["first_name"] == "Ada").unwrap();
    assert_eq!(ada["emails"][0]["address"], "ada@example.com");
    assert_eq!(ada["phones"][0]["number"], "+442079460000");
    assert_eq!(ada["phones"][0]["label"], "mobile");
    assert_eq!(ada["tags"], json!(["beta", "vip"]));
    assert_eq!(ada["custom_fields"]["seats"], 12);
    assert_eq!(ada["source"]["channel"], "import");
    let alan = all.iter().find(|p| p["last_name"] == "Turing").unwrap();
    assert_eq!(alan["first_name"], "Alan, Jr.");

    // "Acme" and "acme" are one company; the quoted multi-line name is another.
    let companies = app.get("/v1/companies").bearer(&t).send().await;
    let names: Vec<&str> = companies.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Acme") && names.contains(&"Bletchley\nPark"));
    let id = ada["id"].as_str().unwrap();
    let links = app
        .get(&format!("/v1/people/{id}/companies"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(links.body["data"][0]["title"], "CTO", "{}", links.text);
    let audit = app
        .get("/v1/audit-events?action=import.completed")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
}

#[actix_web::test]
async fn an_upsert_by_email_updates_the_match_and_adds_what_it_lacks() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "emails": [{"address": "ada@example.com"}, {"address": "ada@home.example"}], "tags": ["vip"]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let ndjson = b"{\"email\": \"Ada@Example.com\", \"last_name\": \"Lovelace\", \"email:home\": \"countess@example.com\", \"tags\": [\"beta\"]}\n\
                   {\"email\": \"grace@example.com\", \"first_name\": \"Grace\"}\n";
    let done = import(
        &app,
        &t,
        json!({"match_on": "email"}),
        "people.ndjson",
        "application/x-ndjson",
        ndjson,
    )
    .await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(
        done["progress"],
        json!({"rows_done": 2, "created": 1, "updated": 1, "failed": 0})
    );
    let all = people(&app, &t).await;
    assert_eq!(all.len(), 2, "the match was updated, not duplicated");
    let ada = all.iter().find(|p| p["first_name"] == "Ada").unwrap();
    assert_eq!(ada["last_name"], "Lovelace");
    let emails: Vec<&str> = ada["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["address"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        [
            "ada@example.com",
            "ada@home.example",
            "countess@example.com"
        ]
    );
    assert_eq!(ada["emails"][0]["primary"], true);
    assert_eq!(ada["tags"], json!(["beta", "vip"]));

    // Importing the same file again creates nobody.
    let again = import(
        &app,
        &t,
        json!({"match_on": "email"}),
        "people.ndjson",
        "application/x-ndjson",
        ndjson,
    )
    .await;
    assert_eq!(again["progress"]["updated"], 2);
    assert_eq!(people(&app, &t).await.len(), 2);
}

#[actix_web::test]
async fn an_upsert_that_would_overfill_a_list_fails_its_row_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let emails: Vec<Value> = (0..20)
        .map(|i| json!({"address": format!("ada{i}@example.com")}))
        .collect();
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "emails": emails}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let csv = b"email,email:home,last_name\nada0@example.com,twenty-first@example.com,Lovelace\n";
    let done = import(
        &app,
        &t,
        json!({"match_on": "email"}),
        "p.csv",
        "text/csv",
        csv,
    )
    .await;
    assert_eq!(done["progress"]["failed"], 1, "{done}");
    let rows = errors(&app, &t, done["id"].as_str().unwrap()).await;
    assert_eq!(rows[0]["errors"][0]["field"], "emails", "{rows:?}");
    assert_eq!(rows[0]["errors"][0]["code"], "too_many");
    let ada = &people(&app, &t).await[0];
    assert_eq!(ada["emails"].as_array().unwrap().len(), 20);
    assert_eq!(
        ada["last_name"],
        Value::Null,
        "nothing of the row was written"
    );
}

#[actix_web::test]
async fn a_created_row_whose_external_id_is_taken_fails_alone_and_the_rest_of_its_batch_lands() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Held", "external_id": "crm-2"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    // No match_on: every row is a plain create, so the batch first goes in bulk.
    let csv = b"first_name,external_id,tags
Ada,crm-1,vip
Grace,crm-2,vip
Lin,crm-3,
";
    let done = import(&app, &t, json!({}), "p.csv", "text/csv", csv).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["progress"]["created"], 2, "{done}");
    assert_eq!(done["progress"]["failed"], 1, "{done}");
    let rows = errors(&app, &t, done["id"].as_str().unwrap()).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["row"], 2, "{rows:?}");
    assert_eq!(rows[0]["line"], 3, "{rows:?}");
    assert_eq!(rows[0]["errors"][0]["code"], "conflict", "{rows:?}");
    let mut names: Vec<String> = people(&app, &t)
        .await
        .iter()
        .map(|p| format!("{} {}", p["first_name"], p["external_id"]))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "\"Ada\" \"crm-1\"",
            "\"Held\" \"crm-2\"",
            "\"Lin\" \"crm-3\""
        ],
        "the refused row wrote nothing and nobody was created twice"
    );
    let ada = &people(&app, &t).await;
    let tagged = ada.iter().filter(|p| p["tags"] == json!(["vip"])).count();
    assert_eq!(tagged, 1, "only Ada carries the tag of the batch");
}

#[actix_web::test]
async fn a_dry_run_reports_every_bad_row_by_column_and_line_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    app.post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "seats", "label": "Seats", "type": "number"}))
        .send()
        .await;
    let csv = "first_name,email,lifecycle_stage,custom_fields.seats\n\
               Ada,ada@example.com,customer,3\n\
               Bad,not-an-email,lead,1\n\
               Worse,w@example.com,king,many\n\
               \"Multi\nline\",m@example.com\n\
               Fine,fine@example.com,,\n";
    let done = import(
        &app,
        &t,
        json!({"dry_run": true}),
        "p.csv",
        "text/csv",
        csv.as_bytes(),
    )
    .await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["dry_run"], true);
    assert_eq!(
        done["progress"],
        json!({"rows_done": 5, "created": 2, "updated": 0, "failed": 3})
    );
    assert_eq!(app.count("people").await, 0, "a dry run writes no person");
    let id = done["id"].as_str().unwrap();
    let errs = errors(&app, &t, id).await;
    let summary: Vec<RowSummary> = errs
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["line"].as_u64().unwrap(),
                e["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| {
                        (
                            f["field"].as_str().unwrap().to_string(),
                            f["code"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                2,
                3,
                vec![("email".to_string(), "invalid_format".to_string())]
            ),
            (
                3,
                4,
                vec![
                    ("lifecycle_stage".to_string(), "invalid_value".to_string()),
                    (
                        "custom_fields.seats".to_string(),
                        "invalid_value".to_string()
                    )
                ]
            ),
            (
                4,
                5,
                vec![("".to_string(), "wrong_field_count".to_string())]
            ),
        ],
        "{errs:?}"
    );
}

#[actix_web::test]
async fn a_row_over_512_kib_or_a_file_over_64_mib_is_refused_and_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let mut long = b"first_name,last_name\nAda,Lovelace\nGrace,".to_vec();
    long.extend(std::iter::repeat_n(b'x', 512 << 10));
    long.extend_from_slice(b"\nAlan,Turing\n");
    let r = upload(&app, &t, json!({}), "p.csv", "text/csv", &long).await;
    let p = r.problem(422, "validation");
    assert_eq!(p["errors"][0]["code"], "row_too_long", "{}", r.text);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 3"),
        "{}",
        r.text
    );
    // 65 MiB of rows of 1 KiB: far fewer than 1,000,000 rows, too many bytes.
    let row = format!("{{\"first_name\":\"{}\"}}\n", "y".repeat(1008));
    let big = row.repeat(65 << 10);
    let r = upload(
        &app,
        &t,
        json!({}),
        "p.ndjson",
        "application/x-ndjson",
        big.as_bytes(),
    )
    .await;
    let p = r.problem(413, "file_too_large");
    assert!(
        p["detail"].as_str().unwrap().contains("64 MiB"),
        "{}",
        r.text
    );
    assert_eq!(app.count("imports").await, 0);
    assert_eq!(app.count("import_chunks").await, 0);
    assert_eq!(app.count("jobs").await, 0);
}

#[actix_web::test]
async fn an_upload_sent_twice_with_one_idempotency_key_makes_one_import() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let send = |key: &'static str, file: &'static [u8]| {
        app.post("/v1/imports")
            .bearer(&t)
            .header("Idempotency-Key", key)
            .form(Some(json!({})), "p.csv", "text/csv", file)
            .send()
    };
    let first = send("upload-1", b"first_name\nAda\n").await;
    assert_eq!(first.status, 202, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), Some("false"));
    let again = send("upload-1", b"first_name\nAda\n").await;
    assert_eq!(again.status, 202, "{}", again.text);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(app.count("imports").await, 1);
    // A refused file is not kept under its key: fixed, it goes through.
    send("upload-2", b"first_name\n\"Ada\n")
        .await
        .problem(422, "validation");
    let fixed = send("upload-2", b"first_name\nAda\n").await;
    assert_eq!(fixed.status, 202, "{}", fixed.text);
    assert_eq!(app.count("imports").await, 2);
}

#[actix_web::test]
async fn broken_files_are_refused_with_the_line_and_leave_nothing_behind() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let cases: [(&[u8], &str, &str); 5] = [
        (
            b"first_name\nAda\n\"Grace\nHopper\n",
            "unterminated_quote",
            "the quote opened at line 3 is never closed",
        ),
        (
            b"first_name\nAda\nGr\xE9ce\n",
            "invalid_encoding",
            "line 3 is not valid UTF-8",
        ),
        (b"\xFF\xFEf\x00i\x00", "invalid_encoding", "UTF-16"),
        (b"first_name\n", "empty_file", "no data rows"),
        (b"", "empty_file", "empty"),
    ];
    for (file, code, says) in cases {
        let r = upload(&app, &t, json!({}), "p.csv", "text/csv", file).await;
        let p = r.problem(422, "validation");
        assert_eq!(p["errors"][0]["field"], "file", "{}", r.text);
        assert_eq!(p["errors"][0]["code"], code, "{}", r.text);
        assert!(
            p["errors"][0]["message"].as_str().unwrap().contains(says),
            "{}",
            r.text
        );
    }
    assert_eq!(app.count("imports").await, 0);
    assert_eq!(app.count("import_chunks").await, 0);
    assert_eq!(app.count("jobs").await, 0);
}

#[actix_web::test]
async fn a_mapping_that_does_not_fit_the_header_is_refused_before_any_row_is_stored() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let csv = b"Name,Mail,Shoe size\nAda,ada@example.com,38\n";
    let r = upload(&app, &t, json!({}), "p.csv", "text/csv", csv).await;
    let p = r.problem(422, "validation");
    assert_eq!(p["errors"][0]["field"], "mapping", "{}", r.text);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("'Name'")
    );

    let r = upload(
        &app,
        &t,
        json!({"mapping": {"Name": "first_name", "Fax": "phone", "Mail": "custom_fields.nope", "Shoe size": "ignore"}, "match_on": "external_id"}),
        "p.csv",
        "text/csv",
        csv,
    )
    .await;
    let fields: Vec<&str> = r.problem(422, "validation")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["mapping.Fax", "mapping.Mail"], "{}", r.text);

    let r = upload(
        &app,
        &t,
        json!({"mapping": {"Name": "first_name", "Mail": "email"}, "match_on": "external_id"}),
        "p.csv",
        "text/csv",
        csv,
    )
    .await;
    assert_eq!(
        r.problem(422, "validation")["errors"][0]["field"],
        "match_on"
    );

    let r = upload(
        &app,
        &t,
        json!({"mapping": {"Name": 3}, "speed": "fast"}),
        "p.csv",
        "text/csv",
        csv,
    )
    .await;
    assert_eq!(
        r.problem(422, "validation")["errors"][0]["field"],
        "options.speed",
        "{}",
        r.text
    );

    let r = upload(&app, &t, json!({}), "people.txt", "text/plain", csv).await;
    assert_eq!(
        r.problem(422, "validation")["errors"][0]["field"],
        "options.format"
    );

    let r = app
        .post("/v1/imports")
        .bearer(&t)
        .json(json!({"file": "x"}))
        .send()
        .await;
    r.problem(415, "unsupported_media_type");
    assert_eq!(app.count("imports").await, 0);
}

#[actix_web::test]
async fn an_import_killed_part_way_resumes_where_it_stopped_without_duplicates() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let rows = 20_000;
    let mut csv = String::from("first_name,email\n");
    for i in 0..rows {
        csv.push_str(&format!("P{i},p{i}@example.com\n"));
    }
    let r = upload(
        &app,
        &t,
        json!({"match_on": "email"}),
        "p.csv",
        "text/csv",
        csv.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();

    // A worker is killed (its task dropped mid-batch) once the first batch is committed.
    let worker =
        crm_api::worker::Worker::new(app.state.job_handlers.clone(), app.state.jobs.clone());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let running = actix_web::rt::spawn(async move { worker.run_one(&stop).await });
    let mut done_before = 0;
    for _ in 0..6_000 {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        let r = app
            .get(&format!("/v1/imports/{id}"))
            .bearer(&t)
            .send()
            .await;
        done_before = r.body["progress"]["rows_done"].as_u64().unwrap();
        if done_before > 0 {
            break;
        }
    }
    running.abort();
    let _ = running.await;
    assert!(
        done_before > 0 && done_before < rows,
        "killed part-way, at {done_before}"
    );

    // Its lease runs out; another worker takes the job and finishes from the next batch.
    let url = app.url.clone();
    let db = sea_orm::Database::connect(&url).await.unwrap();
    use sea_orm::ConnectionTrait;
    db.execute_unprepared("UPDATE jobs SET lease_until = created_at")
        .await
        .unwrap();
    assert_eq!(app.work().await, 1);
    let r = app
        .get(&format!("/v1/imports/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["status"], "completed", "{}", r.text);
    assert_eq!(r.body["attempts"], 2);
    assert_eq!(r.body["progress"]["rows_done"], rows);
    assert_eq!(
        r.body["progress"]["created"].as_u64().unwrap(),
        rows,
        "every row created exactly once across the two runs"
    );
    assert_eq!(app.count("people").await, rows as i64);
    assert_eq!(app.count("person_emails").await, rows as i64);
    assert_eq!(
        app.count("import_chunks").await,
        0,
        "a finished import drops its file"
    );
}

#[actix_web::test]
async fn a_cancelled_import_writes_no_more_rows_and_cannot_be_cancelled_twice() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = upload(
        &app,
        &t,
        json!({}),
        "p.csv",
        "text/csv",
        b"first_name\nAda\n",
    )
    .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(&format!("/v1/imports/{id}/cancel"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "cancelled");
    assert_eq!(app.work().await, 1, "the job runs and finds nothing to do");
    assert_eq!(app.count("people").await, 0);
    let r = app
        .post(&format!("/v1/imports/{id}/cancel"))
        .bearer(&t)
        .send()
        .await;
    r.problem(409, "conflict");
    let list = app.get("/v1/imports").bearer(&t).send().await;
    assert_eq!(list.body["data"][0]["id"], id.as_str());
}

#[actix_web::test]
async fn an_upload_cut_off_half_way_can_be_cancelled_and_its_stored_part_goes() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = upload(
        &app,
        &t,
        json!({}),
        "p.csv",
        "text/csv",
        b"first_name\nAda\nGrace\n",
    )
    .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    // What a process killed during the upload leaves: the import still uploading, with
    // the chunks it had stored and no job.
    app.execute(&format!(
        "UPDATE imports SET status = 'uploading' WHERE id = '{id}'"
    ))
    .await;
    app.execute("DELETE FROM jobs").await;
    assert!(app.count("import_chunks").await > 0);
    let r = app
        .post(&format!("/v1/imports/{id}/cancel"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "cancelled");
    assert!(r.body["finished_at"].is_string(), "{}", r.text);
    assert_eq!(app.count("import_chunks").await, 0);
    assert_eq!(app.count("people").await, 0);
}

#[actix_web::test]
async fn imports_belong_to_their_organisation_and_need_write_rights() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = upload(
        &app,
        &t,
        json!({}),
        "p.csv",
        "text/csv",
        b"first_name\nAda\n",
    )
    .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let other = app.owner_token("other@example.com").await;
    let r = app
        .get(&format!("/v1/imports/{id}"))
        .bearer(&other)
        .send()
        .await;
    r.problem(404, "not_found");
    let r = app
        .get(&format!("/v1/imports/{id}/errors"))
        .bearer(&other)
        .send()
        .await;
    r.problem(404, "not_found");
    app.create_user(&t, "viewer@example.com", "viewer").await;
    let v = app.login("viewer@example.com").await;
    let r = upload(
        &app,
        &v,
        json!({}),
        "p.csv",
        "text/csv",
        b"first_name\nAda\n",
    )
    .await;
    r.problem(403, "forbidden");
}

#[actix_web::test]
async fn people_created_in_bulk_read_back_exactly_as_people_created_one_at_a_time() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for (key, kind, options) in [
        ("tier", "enum", json!(["gold", "silver"])),
        ("interests", "multi_enum", json!(["chess", "music"])),
        ("ltv", "money", json!([])),
        ("score", "decimal", json!([])),
        ("renewal", "date", json!([])),
        ("newsletter", "boolean", json!([])),
        ("seats", "number", json!([])),
    ] {
        let r = app
            .post("/v1/custom-fields")
            .bearer(&t)
            .json(json!({"resource": "person", "key": key, "label": key, "type": kind, "options": options}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    // No company column and no key: every row takes the bulk path.
    let csv = "first,email,stage,labels,tier,interests,ltv,score,renewal,newsletter,seats\n\
               Ada,ada@example.com,customer,vip;beta,gold,music;chess,1234.50 EUR,0.10,2027-01-31,yes,12\n";
    let done = import(
        &app,
        &t,
        json!({"mapping": {
            "first": "first_name", "email": "email", "stage": "lifecycle_stage", "labels": "tags",
            "tier": "custom_fields.tier", "interests": "custom_fields.interests", "ltv": "custom_fields.ltv",
            "score": "custom_fields.score", "renewal": "custom_fields.renewal",
            "newsletter": "custom_fields.newsletter", "seats": "custom_fields.seats"
        }}),
        "one.csv",
        "text/csv",
        csv.as_bytes(),
    )
    .await;
    assert_eq!(done["progress"]["created"], 1, "{done}");
    let imported = people(&app, &t).await[0].clone();
    let id = imported["id"].as_str().unwrap();
    let read = app.get(&format!("/v1/people/{id}")).bearer(&t).send().await;
    assert_eq!(read.status, 200, "{}", read.text);

    let typed = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({
            "first_name": "Ada", "emails": [{"address": "ada2@example.com"}], "lifecycle_stage": "customer",
            "tags": ["vip", "beta"],
            "custom_fields": {"tier": "gold", "interests": ["music", "chess"],
                "ltv": {"amount": "1234.50", "currency": "EUR"}, "score": "0.10",
                "renewal": "2027-01-31", "newsletter": true, "seats": 12}
        }))
        .send()
        .await;
    assert_eq!(typed.status, 201, "{}", typed.text);
    let expected = json!({"tier": "gold", "interests": ["music", "chess"],
        "ltv": {"amount": "1234.50", "currency": "EUR"}, "score": "0.1",
        "renewal": "2027-01-31", "newsletter": true, "seats": 12});
    assert_eq!(typed.body["custom_fields"], expected);
    assert_eq!(read.body["custom_fields"], expected, "GET one");
    assert_eq!(imported["custom_fields"], expected, "in a list");
    assert_eq!(read.body["tags"], typed.body["tags"]);
    assert_eq!(read.body["emails"][0]["primary"], true);
}
