//! Custom fields: definitions, values checked on every write, filters on both databases.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn define(app: &TestApp, t: &str, key: &str, kind: &str, options: Value) -> Value {
    let r = app
        .post("/v1/custom-fields")
        .bearer(t)
        .json(json!({"resource": "person", "key": key, "label": key, "type": kind, "options": options}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

async fn setup() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    define(&app, &t, "shoe_size", "number", json!([])).await;
    define(&app, &t, "tier", "enum", json!(["gold", "silver"])).await;
    define(
        &app,
        &t,
        "interests",
        "multi_enum",
        json!(["chess", "music", "maths"]),
    )
    .await;
    define(&app, &t, "lifetime_value", "money", json!([])).await;
    define(&app, &t, "renewal", "date", json!([])).await;
    define(&app, &t, "newsletter", "boolean", json!([])).await;
    define(&app, &t, "score", "decimal", json!([])).await;
    (app, t)
}

fn names(r: &crm_tests::Reply) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["first_name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn values_are_checked_stored_and_returned_under_custom_fields() {
    let (app, t) = setup().await;
    let values = json!({"shoe_size": 39, "tier": "gold", "interests": ["maths", "chess"], "lifetime_value": {"amount": "1234.50", "currency": "EUR"}, "renewal": "2027-01-31", "newsletter": true, "score": "0.1"});
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "custom_fields": values}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let cf = &r.body["custom_fields"];
    assert_eq!(
        cf["lifetime_value"],
        json!({"amount": "1234.50", "currency": "EUR"})
    );
    assert_eq!(cf["interests"], json!(["maths", "chess"]));
    assert_eq!(cf["score"], "0.1");
    let path = format!("/v1/people/{}", r.body["id"].as_str().unwrap());
    let u = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"custom_fields": {"tier": null, "shoe_size": 40}}))
        .send()
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(u.body["custom_fields"].get("tier"), None);
    assert_eq!(u.body["custom_fields"]["shoe_size"], 40);
    assert_eq!(
        u.body["custom_fields"]["renewal"], "2027-01-31",
        "absent keys stay"
    );

    let bad = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "X", "custom_fields": {"shoe_size": "39", "tier": "bronze", "score": 0.1, "lifetime_value": {"amount": "1.23456", "currency": "EUR"}, "nope": 1}}))
        .send()
        .await;
    bad.problem(422, "validation");
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "custom_fields.lifetime_value",
            "custom_fields.nope",
            "custom_fields.score",
            "custom_fields.shoe_size",
            "custom_fields.tier"
        ]
    );
    assert_eq!(app.count("people").await, 1, "nothing was written");
}

#[actix_web::test]
async fn required_fields_must_be_given_and_cannot_be_cleared() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let f = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "region", "label": "Region", "type": "text", "required": true}))
        .send()
        .await;
    assert_eq!(f.status, 201, "{}", f.text);
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada"}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["custom_fields.region"]);
    let p = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "custom_fields": {"region": "North"}}))
        .send()
        .await;
    let path = format!("/v1/people/{}", p.body["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"custom_fields": {"region": null}}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["custom_fields.region"]);
    let dup = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "region", "label": "R", "type": "text"}))
        .send()
        .await;
    dup.problem(409, "conflict");
    let bad = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "Bad Key", "label": "", "type": "enum"}))
        .send()
        .await;
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(fields, ["key", "label", "options"]);
}

#[actix_web::test]
async fn every_kind_of_custom_field_can_be_filtered() {
    let (app, t) = setup().await;
    for (name, cf) in [
        (
            "Ada",
            json!({"shoe_size": 39, "tier": "gold", "interests": ["maths", "chess"], "lifetime_value": {"amount": "1500", "currency": "EUR"}, "renewal": "2027-01-31", "newsletter": true, "score": "0.3"}),
        ),
        (
            "Grace",
            json!({"shoe_size": 41, "tier": "silver", "interests": ["music"], "lifetime_value": {"amount": "999.99", "currency": "EUR"}, "newsletter": false, "score": "0.1"}),
        ),
        ("Alan", json!({})),
    ] {
        let r = app
            .post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": name, "custom_fields": cf}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let search = |f: Value| {
        app.post("/v1/people/search")
            .bearer(&t)
            .json(json!({"filter": f}))
            .send()
    };
    let cases = [
        (
            json!({"field": "custom_fields.shoe_size", "op": "gt", "value": 40}),
            vec!["Grace"],
        ),
        (
            json!({"field": "custom_fields.tier", "op": "eq", "value": "gold"}),
            vec!["Ada"],
        ),
        (
            json!({"field": "custom_fields.tier", "op": "neq", "value": "gold"}),
            vec!["Grace", "Alan"],
        ),
        (
            json!({"field": "custom_fields.interests", "op": "contains", "value": "chess"}),
            vec!["Ada"],
        ),
        (
            json!({"field": "custom_fields.interests", "op": "not_in", "value": ["music"]}),
            vec!["Ada", "Alan"],
        ),
        (
            json!({"field": "custom_fields.lifetime_value", "op": "gte", "value": "1000"}),
            vec!["Ada"],
        ),
        (
            json!({"field": "custom_fields.renewal", "op": "is_null", "value": true}),
            vec!["Grace", "Alan"],
        ),
        (
            json!({"field": "custom_fields.renewal", "op": "lt", "value": "2027-02-01"}),
            vec!["Ada"],
        ),
        (
            json!({"field": "custom_fields.newsletter", "op": "eq", "value": false}),
            vec!["Grace"],
        ),
        (
            json!({"field": "custom_fields.score", "op": "lt", "value": "0.2"}),
            vec!["Grace"],
        ),
        (
            json!({"not": {"field": "custom_fields.score", "op": "gte", "value": "0.2"}}),
            vec!["Grace", "Alan"],
        ),
    ];
    for (filter, want) in cases {
        let r = search(filter.clone()).await;
        assert_eq!(r.status, 200, "{filter}: {}", r.text);
        assert_eq!(names(&r), want, "{filter}");
    }
    let r = search(json!({"field": "custom_fields.tier", "op": "eq", "value": "bronze"})).await;
    assert_eq!(r.error_fields(), ["filter.value"]);
    let r = search(json!({"field": "custom_fields.unknown", "op": "eq", "value": 1})).await;
    assert_eq!(r.error_fields(), ["filter.field"]);
}

#[actix_web::test]
async fn deleting_a_field_removes_its_values_and_only_admins_define_fields() {
    let (app, t) = setup().await;
    let p = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "custom_fields": {"shoe_size": 39}}))
        .send()
        .await;
    let list = app
        .get("/v1/custom-fields?resource=person")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 7);
    let id = list.body["data"][0]["id"].as_str().unwrap();
    let u = app
        .patch(&format!(
            "/v1/custom-fields/{}",
            list.body["data"][1]["id"].as_str().unwrap()
        ))
        .bearer(&t)
        .json(json!({"add_options": ["bronze"], "label": "Tier"}))
        .send()
        .await;
    assert_eq!(u.body["options"], json!(["gold", "silver", "bronze"]));
    assert_eq!(
        app.delete(&format!("/v1/custom-fields/{id}"))
            .bearer(&t)
            .send()
            .await
            .status,
        204
    );
    let again = app
        .get(&format!("/v1/people/{}", p.body["id"].as_str().unwrap()))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(again.body["custom_fields"], json!({}));
    app.create_user(&t, "sales@example.com", "sales").await;
    let s = app.login("sales@example.com").await;
    app.post("/v1/custom-fields")
        .bearer(&s)
        .json(json!({"resource": "person", "key": "x", "label": "X", "type": "text"}))
        .send()
        .await
        .problem(403, "forbidden");
    assert_eq!(
        app.get("/v1/custom-fields?resource=person")
            .bearer(&s)
            .send()
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn companies_have_custom_fields_of_their_own() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let f = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "company", "key": "arr", "label": "Annual revenue", "type": "money"}))
        .send()
        .await;
    assert_eq!(f.status, 201, "{}", f.text);
    let big = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Engines", "custom_fields": {"arr": {"amount": "2500000", "currency": "GBP"}}}))
        .send()
        .await;
    assert_eq!(big.status, 201, "{}", big.text);
    assert_eq!(
        big.body["custom_fields"]["arr"],
        json!({"amount": "2500000.00", "currency": "GBP"})
    );
    let small = app.post("/v1/companies").bearer(&t).json(json!({"name": "Looms", "custom_fields": {"arr": {"amount": "900", "currency": "GBP"}}})).send().await;
    let r = app
        .post("/v1/companies/search")
        .bearer(&t)
        .json(json!({"filter": {"field": "custom_fields.arr", "op": "gte", "value": "1000000"}}))
        .send()
        .await;
    let names: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Engines"], "{}", r.text);
    let u = app
        .patch(&format!(
            "/v1/companies/{}",
            small.body["id"].as_str().unwrap()
        ))
        .bearer(&t)
        .json(json!({"custom_fields": {"arr": null}}))
        .send()
        .await;
    assert_eq!(u.body["custom_fields"], json!({}));
    let r = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "X", "custom_fields": {"shoe_size": 3}}))
        .send()
        .await;
    assert_eq!(
        r.error_fields(),
        ["custom_fields.shoe_size"],
        "person fields are not company fields"
    );
}
