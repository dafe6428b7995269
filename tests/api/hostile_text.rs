//! Text no database here can store (NUL) is refused naming where it was, in bodies,
//! queries, filters and import rows; any other Unicode is stored and read back, and no
//! text of any kind makes a 500, on SQLite and on PostgreSQL.

use crate::imports::{errors, import};
use crate::interactions::logging::person;
use crm_tests::{Reply, TestApp};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};

fn refused_naming(r: &Reply, status: u16, field: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.error_fields(), [field], "{}", r.text);
    assert_eq!(
        r.body["errors"][0]["code"], "invalid_character",
        "{}",
        r.text
    );
}

#[actix_web::test]
async fn a_nul_anywhere_in_a_body_is_a_422_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let audit = app.count("audit_events").await;
    let post = |body: Value| app.post("/v1/people").bearer(&t).json(body).send();
    refused_naming(
        &post(json!({"first_name": "Ada\u{0}"})).await,
        422,
        "first_name",
    );
    refused_naming(
        &post(json!({"first_name": "Ada", "emails": [{"address": "ada@example.com"}, {"address": "a\u{0}@example.com"}]})).await,
        422,
        "emails[1].address",
    );
    refused_naming(
        &post(json!({"first_name": "Ada", "tags": ["vip", "\u{0}"]})).await,
        422,
        "tags[1]",
    );
    refused_naming(
        &post(json!({"first_name": "Ada", "custom": {"size\u{0}": 1}})).await,
        422,
        "custom.size\\u0000",
    );
    assert_eq!(app.count("people").await, 0);
    assert_eq!(app.count("audit_events").await, audit);

    let ada = person(&app, &t, "Ada").await;
    let r = app
        .patch(&format!("/v1/people/{ada}"))
        .bearer(&t)
        .json(json!({"last_name": "Love\u{0}lace"}))
        .send()
        .await;
    refused_naming(&r, 422, "last_name");
    let r = app
        .post("/v1/interactions")
        .bearer(&t)
        .json(json!({"channel": "note", "person_ids": [ada], "body": "said \u{0}"}))
        .send()
        .await;
    refused_naming(&r, 422, "body");
    assert_eq!(app.count("interactions").await, 0);
    let read = app
        .get(&format!("/v1/people/{ada}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(read.body["last_name"], Value::Null, "{}", read.text);
    // An escaped backslash followed by `u0000` is text, not a NUL.
    let r = post(json!({"first_name": "\\u0000"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["first_name"], "\\u0000");
}

#[actix_web::test]
async fn a_nul_in_a_query_parameter_or_a_filter_value_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for path in [
        "/v1/people?q=ada%00",
        "/v1/interactions?q=%00",
        "/v1/companies?q=x%00y",
    ] {
        refused_naming(&app.get(path).bearer(&t).send().await, 400, "q");
    }
    let r = app
        .post("/v1/people/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [{"field": "first_name", "op": "eq", "value": "Ada"}, {"field": "first_name", "op": "contains", "value": "a\u{0}"}]}}))
        .send()
        .await;
    refused_naming(&r, 422, "filter.all[1].value");
}

#[actix_web::test]
async fn an_import_row_holding_a_nul_fails_by_its_column_and_the_other_rows_are_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let csv = format!(
        "Type,At,Who,Notes\r\ncall,2026-12-01 09:00,{ada},fine\r\ncall,2026-12-01 10:00,{ada},bro\u{0}ken\r\nnote,2026-12-01 11:00,{ada},also fine\r\n"
    );
    let options = json!({"resource": "interactions", "mapping": {"Type": "channel", "At": "occurred_at", "Who": "person_id", "Notes": "subject"}});
    let done = import(
        &app,
        &t,
        options.clone(),
        "calls.csv",
        "text/csv",
        csv.as_bytes(),
    )
    .await;
    let failed = errors(&app, &t, done["id"].as_str().unwrap()).await;
    assert_eq!(
        done["progress"],
        json!({"rows_done": 3, "created": 2, "updated": 0, "failed": 1}),
        "{failed:?}"
    );
    assert_eq!(failed[0]["row"], 2);
    assert_eq!(failed[0]["errors"][0]["field"], "Notes");
    assert_eq!(failed[0]["errors"][0]["code"], "invalid_character");

    let ndjson = format!(
        "{{\"Type\": \"call\", \"At\": \"2026-12-02T09:00:00Z\", \"Who\": \"{ada}\", \"Notes\": \"\\u0000\"}}\n{{\"Type\": \"call\", \"At\": \"2026-12-02T10:00:00Z\", \"Who\": \"{ada}\", \"Notes\": \"ok\"}}\n"
    );
    let done = import(
        &app,
        &t,
        options,
        "calls.ndjson",
        "application/x-ndjson",
        ndjson.as_bytes(),
    )
    .await;
    assert_eq!(done["progress"]["failed"], 1, "{done}");
    let failed = errors(&app, &t, done["id"].as_str().unwrap()).await;
    assert_eq!(failed[0]["errors"][0]["field"], "Notes");
    assert_eq!(app.count("interactions").await, 3);
}

/// Where arbitrary text goes in: the request, and the field of its answer that shows it
/// (`None` when the answer does not echo the text as sent, trimmed).
struct Target {
    path: &'static str,
    body: fn(&str, &str) -> Value,
    field: &'static str,
    echoed: bool,
}

fn targets() -> Vec<Target> {
    vec![
        Target {
            path: "/v1/people",
            body: |s, _| json!({"first_name": s}),
            field: "first_name",
            echoed: true,
        },
        Target {
            path: "/v1/people",
            body: |s, _| json!({"first_name": "A", "last_name": s}),
            field: "last_name",
            echoed: true,
        },
        Target {
            path: "/v1/people",
            body: |s, _| json!({"first_name": "A", "tags": [s]}),
            field: "tags[0]",
            echoed: false,
        },
        Target {
            path: "/v1/companies",
            body: |s, _| json!({"name": s}),
            field: "name",
            echoed: true,
        },
        Target {
            path: "/v1/companies",
            body: |s, _| json!({"name": "Acme", "industry": s}),
            field: "industry",
            echoed: true,
        },
        Target {
            path: "/v1/interactions",
            body: |s, p| json!({"channel": "note", "person_ids": [p], "subject": s}),
            field: "subject",
            echoed: true,
        },
        Target {
            path: "/v1/interactions",
            body: |s, p| json!({"channel": "note", "person_ids": [p], "body": s}),
            field: "body",
            echoed: true,
        },
        Target {
            path: "/v1/tasks",
            body: |s, p| json!({"title": "Call back", "description": s, "person_ids": [p]}),
            field: "description",
            echoed: true,
        },
        Target {
            path: "/v1/cases",
            body: |s, p| json!({"subject": "Broken", "description": s, "person_id": p}),
            field: "description",
            echoed: true,
        },
    ]
}

/// Strings a careless client or a hostile one sends: anything Unicode holds, with the
/// awkward characters (NUL, other controls, the last plane, joiners, right-to-left
/// marks, a byte-order mark) more often than chance would give them.
fn texts() -> impl Strategy<Value = String> {
    let awkward = prop_oneof![
        Just('\u{0}'),
        Just('\u{1}'),
        Just('\u{7f}'),
        Just('\u{feff}'),
        Just('\u{200d}'),
        Just('\u{202e}'),
        Just('\u{fffd}'),
        Just('\u{10ffff}'),
        Just('\\'),
        Just('\''),
        Just('%'),
        any::<char>(),
    ];
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(awkward, 0..12).prop_map(|v| v.into_iter().collect()),
    ]
}

#[actix_web::test]
async fn arbitrary_unicode_in_every_text_field_is_stored_and_read_back_or_refused_never_a_500() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, "Ada").await;
    let mut runner = TestRunner::deterministic();
    let strategy = texts();
    let mut cases: Vec<String> = vec![
        "\u{0}".into(),
        " \u{0} ".into(),
        "Ñandú É é".into(),
        "😀👩‍👩‍👧".into(),
    ];
    cases.extend((0..16).map(|_| {
        strategy
            .new_tree(&mut runner)
            .map(|tree| tree.current())
            .unwrap_or_default()
    }));
    for s in &cases {
        for target in targets() {
            let r = app
                .post(target.path)
                .bearer(&t)
                .json((target.body)(s, &ada))
                .send()
                .await;
            let what = format!("{} {} = {s:?}: {}", target.path, target.field, r.text);
            assert!(
                r.status.is_success() || r.status == 422,
                "{} for {what}",
                r.status
            );
            if s.contains('\u{0}') {
                refused_naming(&r, 422, target.field);
                continue;
            }
            if !r.status.is_success() {
                continue;
            }
            let id = r.body["id"].as_str().unwrap_or_default();
            let read = app
                .get(&format!("{}/{id}", target.path))
                .bearer(&t)
                .send()
                .await;
            assert_eq!(read.status, 200, "{what}");
            if target.echoed && !s.trim().is_empty() {
                assert_eq!(read.body[target.field], s.trim(), "{what}");
            }
            let q: String = form_urlencoded::byte_serialize(s.as_bytes()).collect();
            let listed = app
                .get(&format!("{}?q={q}", target.path))
                .bearer(&t)
                .send()
                .await;
            assert_eq!(listed.status, 200, "list {what}");
        }
    }
}
