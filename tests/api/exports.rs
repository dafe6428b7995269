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

#[actix_web::test]
async fn csv_cells_that_start_like_a_formula_are_neutralised_and_an_import_reads_them_back() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    // One value by the API, two by an import: one raw, one as an export wrote it.
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "=HYPERLINK(\"http://evil.example\",\"x\")", "last_name": "Ada", "phones": [{"number": "+44 20 7946 0000"}]}))
        .send()
        .await;
    let csv = b"first_name,last_name\n@SUM(A1),Grace\n'-2+3,Hopper\n";
    let done = crate::imports::import(&app, &t, json!({}), "p.csv", "text/csv", csv).await;
    assert_eq!(done["progress"]["created"], 2, "{done}");
    let r = app
        .get("/v1/exports/people?format=csv")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(r.text.as_bytes())
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    let cells: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        cells,
        [
            (
                "'=HYPERLINK(\"http://evil.example\",\"x\")",
                "Ada",
                "'+442079460000"
            ),
            ("'@SUM(A1)", "Grace", ""),
            ("'-2+3", "Hopper", ""),
        ]
    );
    // The stored values are as sent: the quote is the export's, not the data's.
    let hopper = app.get("/v1/people?q=Hopper").bearer(&t).send().await;
    assert_eq!(
        hopper.body["data"][0]["first_name"], "-2+3",
        "{}",
        hopper.text
    );
    // An export imported again gives the values back, not the quotes.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["first_name", "last_name"]).unwrap();
    w.write_record([rows[0][1].as_str(), "Lovelace"]).unwrap();
    let again = w.into_inner().unwrap();
    let done = crate::imports::import(&app, &t, json!({}), "q.csv", "text/csv", &again).await;
    assert_eq!(done["progress"]["created"], 1, "{done}");
    let ada = app.get("/v1/people?q=Lovelace").bearer(&t).send().await;
    assert_eq!(
        ada.body["data"][0]["first_name"], "=HYPERLINK(\"http://evil.example\",\"x\")",
        "{}",
        ada.text
    );
}
