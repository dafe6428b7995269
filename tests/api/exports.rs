//! Exports: CSV and NDJSON, streamed across pages, with the list's filters.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn seed(app: &TestApp, t: &str, n: usize) {
    let mut made = 0;
    while made < n {
        let items: Vec<Value> = (made..(made + 100).min(n))
            .map(|i| json!({"action": "create", "person": {"first_name": format!("P{i:03}"), "tags": if i % 2 == 0 { vec!["even"] } else { vec![] }}}))
            .collect();
        made += items.len();
        let r = app
            .post("/v1/people/batch")
            .bearer(t)
            .json(json!({"items": items}))
            .send()
            .await;
        assert_eq!(r.status, 200);
    }
}

#[actix_web::test]
async fn ndjson_streams_every_person_across_pages() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    seed(&app, &t, 250).await;
    let r = app
        .get("/v1/exports/people?format=ndjson")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = r
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 250);
    assert_eq!(lines[0]["first_name"], "P000");
    assert_eq!(lines[249]["first_name"], "P249");
    let even = app
        .get("/v1/exports/people?format=ndjson&tag=even")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(even.text.lines().count(), 125);
}

#[actix_web::test]
async fn csv_has_a_header_quotes_what_needs_it_and_a_column_per_custom_field() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    app.post("/v1/custom-fields").bearer(&t).json(json!({"resource": "person", "key": "tier", "label": "Tier", "type": "enum", "options": ["gold"]})).send().await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada, \"the\" Countess", "emails": [{"address": "ada@example.com"}, {"address": "ada@home.example"}], "tags": ["vip", "beta"], "custom_fields": {"tier": "gold"}}))
        .send()
        .await;
    let r = app
        .get("/v1/exports/people?format=csv")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let mut lines = r.text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("id,first_name,last_name,emails,phones,lifecycle_stage"));
    assert!(header.ends_with(",custom_fields.tier"));
    let row = lines.next().unwrap();
    assert!(row.contains(r#""Ada, ""the"" Countess""#), "{row}");
    assert!(row.contains("ada@example.com;ada@home.example"));
    assert!(row.contains(",beta;vip,"));
    assert!(row.ends_with(",gold"));
    assert_eq!(lines.next(), None);
    app.get("/v1/exports/people?format=xlsx")
        .bearer(&t)
        .send()
        .await
        .problem(400, "invalid_parameter");
    app.get("/v1/exports/people?format=csv")
        .send()
        .await
        .problem(401, "unauthorized");
}
