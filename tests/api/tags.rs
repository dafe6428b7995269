//! The tag catalogue: one tag read with its version, renamed on everyone who carries
//! it, guarded by If-Match, and private to its organisation.

use crm_tests::{Reply, TestApp};
use serde_json::{Value, json};

async fn created(app: &TestApp, t: &str, path: &str, body: Value) -> Value {
    let r = app.post(path).bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

async fn rename(app: &TestApp, t: &str, id: &str, if_match: &str, name: &str) -> Reply {
    app.patch(&format!("/v1/tags/{id}"))
        .bearer(t)
        .header("If-Match", if_match)
        .json(json!({ "name": name }))
        .send()
        .await
}

#[actix_web::test]
async fn a_deleted_tag_whose_name_has_quotes_and_wildcards_leaves_its_carriers_cards() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let odd = "say \"hi\" 100%_\\";
    let carrier = created(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Ada", "tags": [odd, "keep"]}),
    )
    .await;
    // A near miss for the name as a LIKE pattern: `%` and `_` must not act as wildcards.
    let near = created(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Bea", "tags": ["say \"hi\" 100xx\\"]}),
    )
    .await;
    let tags = app.get("/v1/tags").bearer(&t).send().await;
    let id = tags.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == odd)
        .map(|x| x["id"].as_str().unwrap().to_string())
        .expect("the odd tag is in the catalogue");
    let gone = app
        .delete(&format!("/v1/tags/{id}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(gone.status, 204, "{}", gone.text);
    assert_eq!(app.work().await, 1);
    let read = |p: &Value| format!("/v1/people/{}", p["id"].as_str().unwrap());
    let ada = app.get(&read(&carrier)).bearer(&t).send().await;
    assert_eq!(ada.status, 200, "{}", ada.text);
    assert_eq!(ada.body["tags"], json!(["keep"]));
    let bea = app.get(&read(&near)).bearer(&t).send().await;
    assert_eq!(bea.body["tags"], json!(["say \"hi\" 100xx\\"]));
}

#[actix_web::test]
async fn a_created_tag_is_read_at_its_location_with_its_version() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/tags")
        .bearer(&t)
        .json(json!({"name": " Gold "}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"1\""));
    let location = r.header("location").unwrap().to_string();
    let read = app.get(&location).bearer(&t).send().await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.body["name"], "gold");
    assert_eq!(read.body["version"], 1);
    assert_eq!(read.body["updated_at"], read.body["created_at"]);
    app.get("/v1/tags/00000000-0000-7000-8000-000000000000")
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn renaming_a_tag_renames_it_on_every_person_and_company_and_in_filters() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = created(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Ada", "tags": ["vip", "beta"]}),
    )
    .await;
    created(
        &app,
        &t,
        "/v1/people",
        json!({"first_name": "Grace", "tags": ["beta"]}),
    )
    .await;
    let acme = created(
        &app,
        &t,
        "/v1/companies",
        json!({"name": "Acme", "tags": ["vip"]}),
    )
    .await;
    let tags = app.get("/v1/tags").bearer(&t).send().await.body;
    let vip = tags["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "vip")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let r = rename(&app, &t, &vip, "\"1\"", " Key-Account ").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["name"], "key-account");
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.header("etag"), Some("\"2\""));
    // The carriers' cards follow in a background job, as a worker runs it.
    assert_eq!(app.work().await, 1);

    let one = app
        .get(&format!("/v1/people/{}", ada["id"].as_str().unwrap()))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        one.body["tags"],
        json!(["beta", "key-account"]),
        "{}",
        one.text
    );
    let listed = app
        .get("/v1/people?tag=key-account")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let found: Vec<&Value> = listed.body["data"].as_array().unwrap().iter().collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["first_name"], "Ada");
    assert_eq!(found[0]["tags"], json!(["beta", "key-account"]));
    let old = app.get("/v1/people?tag=vip").bearer(&t).send().await;
    assert_eq!(old.body["data"], json!([]), "{}", old.text);
    let company = app
        .get(&format!("/v1/companies/{}", acme["id"].as_str().unwrap()))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(
        company.body["tags"],
        json!(["key-account"]),
        "{}",
        company.text
    );

    let log = app
        .get(&format!("/v1/audit-events?resource_id={vip}"))
        .bearer(&t)
        .send()
        .await;
    let renamed = log.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "tag.updated")
        .unwrap_or_else(|| panic!("no tag.updated in {}", log.text))
        .clone();
    assert_eq!(
        renamed["changes"]["name"],
        json!({"before": "vip", "after": "key-account"})
    );
}

#[actix_web::test]
async fn a_rename_to_a_taken_name_a_bad_name_or_a_stale_version_changes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let gold = created(&app, &t, "/v1/tags", json!({"name": "gold"})).await;
    created(&app, &t, "/v1/tags", json!({"name": "silver"})).await;
    let id = gold["id"].as_str().unwrap();

    rename(&app, &t, id, "\"1\"", "SILVER")
        .await
        .problem(409, "conflict");
    let r = rename(&app, &t, id, "\"1\"", "   ").await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["name"]);
    let r = rename(&app, &t, id, "\"1\"", &"x".repeat(51)).await;
    assert_eq!(r.problem(422, "validation")["errors"][0]["field"], "name");
    rename(&app, &t, id, "\"7\"", "platinum")
        .await
        .problem(412, "precondition_failed");
    let r = app
        .patch(&format!("/v1/tags/{id}"))
        .bearer(&t)
        .json(json!({"name": "platinum", "colour": "red"}))
        .send()
        .await;
    r.problem(422, "validation");

    let read = app.get(&format!("/v1/tags/{id}")).bearer(&t).send().await;
    assert_eq!(read.body["name"], "gold");
    assert_eq!(read.body["version"], 1, "nothing was written");

    let same = app
        .patch(&format!("/v1/tags/{id}"))
        .bearer(&t)
        .json(json!({}))
        .send()
        .await;
    assert_eq!(same.status, 200, "{}", same.text);
    assert_eq!(same.body["version"], 1, "an empty patch changes nothing");

    app.delete(&format!("/v1/tags/{id}"))
        .bearer(&t)
        .header("If-Match", "\"3\"")
        .send()
        .await
        .problem(412, "precondition_failed");
    let gone = app
        .delete(&format!("/v1/tags/{id}"))
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .send()
        .await;
    assert_eq!(gone.status, 204, "{}", gone.text);
}

#[actix_web::test]
async fn tags_of_another_organisation_cannot_be_read_renamed_or_deleted() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other = app.owner_token("other@example.com").await;
    let gold = created(&app, &t, "/v1/tags", json!({"name": "gold"})).await;
    let path = format!("/v1/tags/{}", gold["id"].as_str().unwrap());
    app.get(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    app.patch(&path)
        .bearer(&other)
        .json(json!({"name": "mine"}))
        .send()
        .await
        .problem(404, "not_found");
    app.delete(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    assert_eq!(app.get(&path).bearer(&t).send().await.body["name"], "gold");
}

#[actix_web::test]
async fn the_catalogue_finds_tags_by_part_of_their_name_page_by_page() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for name in ["gold-tier", "Golden", "silver", "50%-off", "old"] {
        created(&app, &t, "/v1/tags", json!({ "name": name })).await;
    }
    let names = |r: &Reply| -> Vec<String> {
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_string())
            .collect()
    };
    let r = app.get("/v1/tags?q=%20GOLD%20").bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(names(&r), ["gold-tier", "golden"]);

    let first = app.get("/v1/tags?q=old&limit=2").bearer(&t).send().await;
    assert_eq!(names(&first), ["gold-tier", "golden"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let next = app
        .get(&format!("/v1/tags?q=old&limit=2&cursor={cursor}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(names(&next), ["old"], "{}", next.text);
    assert_eq!(next.body["next_cursor"], Value::Null);

    let pct = app.get("/v1/tags?q=%25").bearer(&t).send().await;
    assert_eq!(
        names(&pct),
        ["50%-off"],
        "a % is a character, not a wildcard"
    );
    let everything = app.get("/v1/tags?q=").bearer(&t).send().await;
    assert_eq!(names(&everything).len(), 5, "an empty q keeps every tag");

    let long = app
        .get(&format!("/v1/tags?q={}", "x".repeat(51)))
        .bearer(&t)
        .send()
        .await;
    long.problem(400, "invalid_parameter");
    assert_eq!(long.error_fields(), ["q"]);
}
