//! Sorting by custom fields: every sortable kind, unset values last in both directions,
//! cursors that cross from set to unset values, on both databases.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn define(app: &TestApp, t: &str, resource: &str, key: &str, kind: &str) {
    let r = app
        .post("/v1/custom-fields")
        .bearer(t)
        .json(json!({"resource": resource, "key": key, "label": key, "type": kind, "options": if kind == "multi_enum" { json!(["a", "b"]) } else { json!([]) }}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

fn names(body: &Value, key: &str) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[key].as_str().unwrap().to_string())
        .collect()
}

/// Every page of `path` (which ends in a query), two at a time, following the cursors.
async fn walk(app: &TestApp, t: &str, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let url = match &cursor {
            Some(c) => format!("{path}&limit=2&cursor={c}"),
            None => format!("{path}&limit=2"),
        };
        let r = app.get(&url).bearer(t).send().await;
        assert_eq!(r.status, 200, "{url}: {}", r.text);
        out.extend(names(&r.body, "first_name"));
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
    panic!("the pages never ended: {out:?}");
}

#[actix_web::test]
async fn people_sort_by_a_custom_field_with_unset_values_last_in_both_directions() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    define(&app, &t, "person", "shoe_size", "number").await;
    define(&app, &t, "person", "renewal", "date").await;
    define(&app, &t, "person", "lifetime_value", "money").await;
    define(&app, &t, "person", "newsletter", "boolean").await;
    define(&app, &t, "person", "nickname", "text").await;
    define(&app, &t, "person", "hobbies", "multi_enum").await;
    for (name, cf) in [
        (
            "Ada",
            json!({"shoe_size": 39, "renewal": "2027-03-01", "lifetime_value": {"amount": "1500", "currency": "EUR"}, "newsletter": true, "nickname": "Countess"}),
        ),
        ("Alan", json!({})),
        (
            "Grace",
            json!({"shoe_size": 41, "renewal": "2026-12-31", "lifetime_value": {"amount": "999.99", "currency": "EUR"}, "newsletter": false, "nickname": "Amazing"}),
        ),
        ("Edsger", json!({"shoe_size": 39})),
        ("Barbara", json!({})),
    ] {
        let r = app
            .post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": name, "custom_fields": cf}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    // Ties (Ada and Edsger at 39; Alan and Barbara unset) fall back to creation order.
    assert_eq!(
        walk(&app, &t, "/v1/people?sort=custom_fields.shoe_size").await,
        ["Ada", "Edsger", "Grace", "Alan", "Barbara"]
    );
    assert_eq!(
        walk(&app, &t, "/v1/people?sort=-custom_fields.shoe_size").await,
        ["Grace", "Edsger", "Ada", "Barbara", "Alan"],
        "descending: larger first, ties newest first, unset still last"
    );
    assert_eq!(
        walk(&app, &t, "/v1/people?sort=custom_fields.renewal").await[..2],
        ["Grace", "Ada"]
    );
    assert_eq!(
        walk(&app, &t, "/v1/people?sort=custom_fields.lifetime_value").await[..2],
        ["Grace", "Ada"],
        "money sorts by amount"
    );
    assert_eq!(
        walk(&app, &t, "/v1/people?sort=-custom_fields.newsletter").await[..2],
        ["Ada", "Grace"]
    );
    assert_eq!(
        walk(&app, &t, "/v1/people?sort=custom_fields.nickname").await[..2],
        ["Grace", "Ada"]
    );

    let r = app
        .post("/v1/people/search")
        .bearer(&t)
        .json(json!({"filter": {"field": "custom_fields.shoe_size", "op": "is_null", "value": false}, "sort": "-custom_fields.renewal"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r.body, "first_name"), ["Ada", "Grace", "Edsger"]);

    for bad in ["custom_fields.hobbies", "custom_fields.nope"] {
        let r = app
            .get(&format!("/v1/people?sort={bad}"))
            .bearer(&t)
            .send()
            .await;
        r.problem(400, "invalid_parameter");
        assert_eq!(r.error_fields(), ["sort"], "{bad}");
    }
}

#[actix_web::test]
async fn companies_sort_by_their_own_custom_fields() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    define(&app, &t, "company", "employees", "number").await;
    for (name, cf) in [
        ("Globex", json!({"employees": 5000})),
        ("Initech", json!({})),
        ("Acme", json!({"employees": 12})),
    ] {
        let r = app
            .post("/v1/companies")
            .bearer(&t)
            .json(json!({"name": name, "custom_fields": cf}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = app
        .get("/v1/companies?sort=-custom_fields.employees")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r.body, "name"), ["Globex", "Acme", "Initech"]);
    let r = app
        .post("/v1/companies/search")
        .bearer(&t)
        .json(json!({"sort": "custom_fields.employees", "limit": 1}))
        .send()
        .await;
    assert_eq!(names(&r.body, "name"), ["Acme"]);
    let next = r.body["next_cursor"].as_str().unwrap();
    let r = app
        .post("/v1/companies/search")
        .bearer(&t)
        .json(json!({"sort": "custom_fields.employees", "limit": 5, "cursor": next}))
        .send()
        .await;
    assert_eq!(names(&r.body, "name"), ["Globex", "Initech"]);
}
