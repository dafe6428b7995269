//! Postal addresses (people and companies) and social profiles (people): checked,
//! kept in order, joined by a merge, removed by an erasure, exported and imported.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn person(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/people").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn ada() -> Value {
    json!({
        "first_name": "Ada",
        "emails": [{"address": "ada@example.com"}],
        "addresses": [
            {"label": "home", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH", "country": "gb"},
            {"label": "work", "city": "Paris", "country": "FR", "primary": false}
        ],
        "social_profiles": [
            {"network": "mastodon", "handle": "@ada@example.social"},
            {"network": "linkedin", "url": "https://linkedin.example/in/ada"}
        ]
    })
}

#[actix_web::test]
async fn a_person_keeps_addresses_and_social_profiles_in_order_with_one_primary() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = person(&app, &t, ada()).await;
    assert_eq!(p["addresses"][0]["country"], "GB");
    assert_eq!(p["addresses"][0]["primary"], true);
    assert_eq!(p["addresses"][1]["primary"], false);
    assert_eq!(p["addresses"][1]["label"], "work");
    assert_eq!(
        p["social_profiles"][1]["url"],
        "https://linkedin.example/in/ada"
    );
    let id = p["id"].as_str().unwrap();
    let read = app.get(&format!("/v1/people/{id}")).bearer(&t).send().await;
    assert_eq!(read.body["addresses"], p["addresses"]);

    let r = app
        .patch(&format!("/v1/people/{id}"))
        .bearer(&t)
        .json(json!({"addresses": [{"city": "Lyon", "country": "FR"}], "social_profiles": null}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["addresses"],
        json!([{"label": "other", "line1": null, "line2": null, "city": "Lyon", "region": null, "postal_code": null, "country": "FR", "primary": true}])
    );
    assert_eq!(r.body["social_profiles"], json!([]));
}

#[actix_web::test]
async fn bad_addresses_and_profiles_are_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "addresses": [{"city": "Y", "zip": "1"}]}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["addresses[0].zip"], "{}", r.text);
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({
            "first_name": "Ada",
            "addresses": [{"label": "home"}, {"city": "X", "country": "ZZ"}, {"city": "Y", "primary": true}, {"city": "Z", "primary": true}],
            "social_profiles": [{"network": "x"}, {"network": "github", "url": "ftp://nope"}]
        }))
        .send()
        .await;
    assert_eq!(
        r.error_fields(),
        [
            "addresses[0]",
            "addresses[1].country",
            "addresses",
            "social_profiles[0]",
            "social_profiles[1].url"
        ],
        "{}",
        r.text
    );
    assert_eq!(app.count("people").await, 0);
}

#[actix_web::test]
async fn companies_keep_postal_addresses() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Acme", "addresses": [{"label": "billing", "line1": "1 Main St", "city": "Springfield", "country": "US"}]}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["addresses"][0]["label"], "billing");
    let id = r.body["id"].as_str().unwrap();
    let r = app
        .patch(&format!("/v1/companies/{id}"))
        .bearer(&t)
        .json(json!({"addresses": [{"city": "Shelbyville", "country": "us"}]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["addresses"][0]["city"], "Shelbyville");
    assert_eq!(r.body["addresses"][0]["country"], "US");
}

#[actix_web::test]
async fn searches_find_people_and_companies_by_any_of_their_addresses() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    person(&app, &t, ada()).await;
    person(&app, &t, json!({"first_name": "Grace", "addresses": [{"city": "Arlington", "region": "VA", "postal_code": "22201", "country": "US"}]})).await;
    person(
        &app,
        &t,
        json!({"first_name": "Alan", "addresses": [{"city": "Manchester", "country": "GB"}]}),
    )
    .await;
    person(&app, &t, json!({"first_name": "Edsger"})).await;
    let search = |path: &'static str, f: Value| {
        app.post(path)
            .bearer(&t)
            .json(json!({"filter": f, "sort": "created_at"}))
            .send()
    };
    let names = |r: &crm_tests::Reply, key: &str| -> Vec<String> {
        assert_eq!(r.status, 200, "{}", r.text);
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[key].as_str().unwrap().to_string())
            .collect()
    };
    let people = "/v1/people/search";
    let country = |op: &str, v: Value| json!({"field": "address.country", "op": op, "value": v});
    let r = search(people, country("contains", json!("gb"))).await;
    assert_eq!(names(&r, "first_name"), ["Ada", "Alan"]);
    let r = search(people, country("contains", json!("FR"))).await;
    assert_eq!(
        names(&r, "first_name"),
        ["Ada"],
        "the second address counts too"
    );
    let r = search(people, country("not_in", json!(["GB"]))).await;
    assert_eq!(names(&r, "first_name"), ["Grace", "Edsger"]);
    let r = search(people, country("is_null", json!(true))).await;
    assert_eq!(names(&r, "first_name"), ["Edsger"]);
    let r = search(
        people,
        json!({"field": "address.city", "op": "in", "value": ["paris", "MANCHESTER"]}),
    )
    .await;
    assert_eq!(names(&r, "first_name"), ["Ada", "Alan"]);
    let r = search(
        people,
        json!({"all": [
            {"field": "address.region", "op": "contains", "value": "va"},
            {"field": "address.postal_code", "op": "contains", "value": "22201"}
        ]}),
    )
    .await;
    assert_eq!(names(&r, "first_name"), ["Grace"]);
    let r = search(
        people,
        json!({"field": "address.line1", "op": "contains", "value": "x"}),
    )
    .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["filter.field"]);
    let r = search(people, country("gt", json!("a"))).await;
    r.problem(422, "validation");

    for body in [
        json!({"name": "Engines", "addresses": [{"city": "London", "country": "GB"}]}),
        json!({"name": "Looms", "addresses": [{"city": "Lyon", "country": "FR"}]}),
        json!({"name": "Nowhere"}),
    ] {
        let r = app.post("/v1/companies").bearer(&t).json(body).send().await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let companies = "/v1/companies/search";
    let r = search(companies, country("in", json!(["fr", "de"]))).await;
    assert_eq!(names(&r, "name"), ["Looms"]);
    let r = search(
        companies,
        json!({"not": {"field": "address.city", "op": "contains", "value": "london"}}),
    )
    .await;
    assert_eq!(names(&r, "name"), ["Looms", "Nowhere"]);
}

#[actix_web::test]
async fn a_merge_joins_addresses_and_profiles_and_an_erasure_removes_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let a = person(&app, &t, ada()).await;
    let b = person(
        &app,
        &t,
        json!({"first_name": "Augusta", "addresses": [{"city": "Paris", "country": "FR", "label": "work"}, {"city": "Turin", "country": "IT"}],
               "social_profiles": [{"network": "github", "handle": "ada"}]}),
    )
    .await;
    let (aid, bid) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let r = app
        .post(&format!("/v1/people/{aid}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [bid]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let cities: Vec<&str> = r.body["person"]["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["city"].as_str().unwrap())
        .collect();
    assert_eq!(
        cities,
        ["London", "Paris", "Turin"],
        "the same Paris address is kept once"
    );
    assert_eq!(
        r.body["person"]["social_profiles"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let r = app
        .post(&format!("/v1/people/{aid}/erase"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let db = sea_orm::Database::connect(&app.url).await.unwrap();
    use sea_orm::ConnectionTrait;
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM people WHERE addresses IS NOT NULL OR social_profiles IS NOT NULL",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get::<i64>("", "n").unwrap(),
        0,
        "no address or profile is left anywhere"
    );
}

#[actix_web::test]
async fn exports_carry_addresses_profiles_and_company_links() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = person(&app, &t, ada()).await;
    let c = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Analytical Engines"}))
        .send()
        .await;
    let (pid, cid) = (p["id"].as_str().unwrap(), c.body["id"].as_str().unwrap());
    let r = app
        .post(&format!("/v1/people/{pid}/companies"))
        .bearer(&t)
        .json(json!({"company_id": cid, "title": "Programmer"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);

    let r = app
        .get("/v1/exports/people?format=ndjson")
        .bearer(&t)
        .send()
        .await;
    let line: Value = serde_json::from_str(r.text.lines().next().unwrap()).unwrap();
    assert_eq!(line["addresses"][0]["city"], "London");
    assert_eq!(line["social_profiles"][0]["network"], "mastodon");
    assert_eq!(
        line["companies"],
        json!([{"company_id": cid, "name": "Analytical Engines", "title": "Programmer", "role": null}])
    );

    let r = app
        .get("/v1/exports/people?format=csv")
        .bearer(&t)
        .send()
        .await;
    let mut csv = csv::Reader::from_reader(r.text.as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_string).collect();
    let row = csv.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        row.get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };
    let addresses: Value = serde_json::from_str(&cell("addresses")).unwrap();
    assert_eq!(addresses[1]["city"], "Paris");
    let companies: Value = serde_json::from_str(&cell("companies")).unwrap();
    assert_eq!(companies[0]["name"], "Analytical Engines");
    assert!(cell("social_profiles").contains("linkedin"));
}

#[actix_web::test]
async fn an_import_maps_address_parts_and_social_columns() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let csv = "Name,Street,Town,Zip,Country,LinkedIn,X\nAda,12 St James's Square,London,SW1Y 4JH,GB,https://linkedin.example/in/ada,@ada\n";
    let r = app
        .post("/v1/imports")
        .bearer(&t)
        .form(
            Some(json!({"mapping": {"Name": "first_name", "Street": "address.line1", "Town": "address.city", "Zip": "address.postal_code", "Country": "address.country", "LinkedIn": "social.linkedin", "X": "social.x"}})),
            "p.csv",
            "text/csv",
            csv.as_bytes(),
        )
        .send()
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    app.work().await;
    let r = app.get("/v1/people").bearer(&t).send().await;
    let p = &r.body["data"][0];
    assert_eq!(p["addresses"][0]["postal_code"], "SW1Y 4JH");
    assert_eq!(p["addresses"][0]["country"], "GB");
    assert_eq!(
        p["social_profiles"],
        json!([
            {"network": "linkedin", "handle": null, "url": "https://linkedin.example/in/ada"},
            {"network": "x", "handle": "@ada", "url": null}
        ])
    );
}
