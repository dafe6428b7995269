//! What a GET returns can be sent back unchanged as a PATCH body: read-only fields are
//! accepted when they equal the stored value and named in a 422 when they do not.

use crm_tests::TestApp;
use serde_json::json;

#[actix_web::test]
async fn a_person_read_and_sent_back_whole_with_one_change_is_an_update() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    app.execute("UPDATE organisations SET default_region = 'GB'")
        .await;
    let created = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({
            "first_name": "Ada", "last_name": "Lovelace",
            "emails": [{"address": "ada@example.com", "label": "work"}],
            "phones": [{"number": "020 7183 8750"}],
            "tags": ["vip"], "addresses": [{"city": "London", "country": "GB"}],
            "source": {"channel": "referral"}
        }))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let path = format!("/v1/people/{}", created.body["id"].as_str().unwrap());
    let mut read = app.get(&path).bearer(&t).send().await.body;
    read["last_name"] = json!("King");
    let r = app.patch(&path).bearer(&t).json(read.clone()).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["last_name"], "King");
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.body["emails"], read["emails"]);
    assert_eq!(r.body["phones"], read["phones"]);

    // The read is stale now: its version and updated_at no longer hold.
    let stale = app.patch(&path).bearer(&t).json(read.clone()).send().await;
    stale.problem(422, "validation");
    let mut fields = stale.error_fields();
    fields.sort();
    assert_eq!(fields, ["updated_at", "version"]);
    assert!(stale.body["errors"][0]["code"] == "read_only");

    let mut forged = app.get(&path).bearer(&t).send().await.body;
    forged["id"] = json!(uuid::Uuid::now_v7());
    forged["created_at"] = json!("2020-01-01T00:00:00Z");
    let r = app.patch(&path).bearer(&t).json(forged).send().await;
    r.problem(422, "validation");
    let mut fields = r.error_fields();
    fields.sort();
    assert_eq!(fields, ["created_at", "id"]);
    let after = app.get(&path).bearer(&t).send().await;
    assert_eq!(after.body["version"], 2, "nothing was written");
}

#[actix_web::test]
async fn a_company_read_and_sent_back_whole_with_one_change_is_an_update() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let created = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Analytical Engines", "domain": "engines.example", "size": "small"}))
        .send()
        .await;
    let path = format!("/v1/companies/{}", created.body["id"].as_str().unwrap());
    let mut read = app.get(&path).bearer(&t).send().await.body;
    read["industry"] = json!("machinery");
    let r = app.patch(&path).bearer(&t).json(read).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["industry"], "machinery");
    assert_eq!(r.body["domain"], "engines.example");
}

#[actix_web::test]
async fn users_tags_custom_fields_and_the_organisation_round_trip_too() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    let user = app.create_user(&t, "grace@example.com", "sales").await;
    let tag = app
        .post("/v1/tags")
        .bearer(&t)
        .json(json!({"name": "vip"}))
        .send()
        .await
        .body;
    let field = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "tier", "label": "Tier", "type": "text"}))
        .send()
        .await
        .body;
    for (path, change, value) in [
        (
            format!("/v1/users/{}", user["id"].as_str().unwrap()),
            "name",
            json!("Grace H"),
        ),
        (
            format!("/v1/tags/{}", tag["id"].as_str().unwrap()),
            "name",
            json!("key-account"),
        ),
        (
            format!("/v1/custom-fields/{}", field["id"].as_str().unwrap()),
            "label",
            json!("Level"),
        ),
        (
            "/v1/organisation".to_string(),
            "name",
            json!("Analytical Engines"),
        ),
    ] {
        let mut read = app.get(&path).bearer(&t).send().await.body;
        read[change] = value.clone();
        let r = app.patch(&path).bearer(&t).json(read.clone()).send().await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        assert_eq!(r.body[change], value, "{path}");
        let stale = app.patch(&path).bearer(&t).json(read).send().await;
        stale.problem(422, "validation");
        assert!(
            stale.error_fields().contains(&"version".to_string()),
            "{path}: {}",
            stale.text
        );
    }
}
