//! Merging people: one survivor keeps everything, the merged records point to it.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn person(app: &TestApp, t: &str, body: Value) -> String {
    let r = app.post("/v1/people").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn a_merge_folds_contact_points_tags_consent_links_and_custom_values_into_the_survivor() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    app.post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "person", "key": "shoe_size", "label": "Shoe", "type": "number"}))
        .send()
        .await;
    let company = app
        .post("/v1/companies")
        .bearer(&t)
        .json(json!({"name": "Engines"}))
        .send()
        .await
        .body["id"]
        .clone();
    let keep = person(&app, &t, json!({"first_name": "Ada", "emails": [{"address": "ada@example.com"}], "tags": ["vip"], "external_id": "crm-1"})).await;
    let other = person(&app, &t, json!({"first_name": "Augusta Ada", "last_name": "King", "emails": [{"address": "ada@example.com"}, {"address": "ada@home.example"}], "phones": [{"number": "+44 20 7183 8750"}], "tags": ["beta"], "external_id": "legacy-7", "custom_fields": {"shoe_size": 38}})).await;
    app.post(&format!("/v1/people/{other}/consents"))
        .bearer(&t)
        .json(json!({"channel": "email", "purpose": "marketing", "status": "granted"}))
        .send()
        .await;
    app.post(&format!("/v1/people/{other}/companies"))
        .bearer(&t)
        .json(json!({"company_id": company, "title": "Analyst"}))
        .send()
        .await;

    let body = json!({"merge_ids": [other], "choose": {"last_name": other}});
    let dry = app
        .post(&format!("/v1/people/{keep}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [other], "choose": {"last_name": other}, "dry_run": true}))
        .send()
        .await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(dry.body["dry_run"], true);
    assert_eq!(dry.body["person"]["last_name"], "King");
    assert_eq!(
        app.get(&format!("/v1/people/{other}"))
            .bearer(&t)
            .send()
            .await
            .status,
        200,
        "a dry run writes nothing"
    );

    let r = app
        .post(&format!("/v1/people/{keep}/merge"))
        .bearer(&t)
        .json(body)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let p = &r.body["person"];
    assert_eq!(
        p["first_name"], "Ada",
        "the survivor keeps its own values unless told"
    );
    assert_eq!(
        p["last_name"], "King",
        "a chosen field comes from the record named"
    );
    assert_eq!(p["external_id"], "crm-1");
    let emails: Vec<&str> = p["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["address"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["ada@example.com", "ada@home.example"]);
    assert_eq!(p["emails"][0]["primary"], true);
    assert_eq!(p["phones"][0]["number"], "+442071838750");
    assert_eq!(p["tags"], json!(["beta", "vip"]));
    assert_eq!(p["custom_fields"]["shoe_size"], 38);
    assert_eq!(p["consents"][0]["status"], "granted");
    let links = app
        .get(&format!("/v1/people/{keep}/companies"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(links.body["data"][0]["title"], "Analyst");

    let gone = app
        .get(&format!("/v1/people/{other}"))
        .bearer(&t)
        .send()
        .await;
    gone.problem(308, "merged");
    assert_eq!(
        gone.header("location"),
        Some(format!("/v1/people/{keep}").as_str())
    );
    let list = app.get("/v1/people").bearer(&t).send().await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
    let audit = app
        .get(&format!("/v1/audit-events?resource_id={other}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(audit.body["data"][0]["action"], "person.merged");
    // The external id of the merged record is freed, so an upsert on it creates anew.
    assert_eq!(
        app.post("/v1/people")
            .bearer(&t)
            .json(json!({"first_name": "New", "external_id": "legacy-7"}))
            .send()
            .await
            .status,
        201
    );
}

#[actix_web::test]
async fn merging_into_itself_or_across_organisations_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other_org = app.owner_token("other@example.com").await;
    let a = person(&app, &t, json!({"first_name": "A"})).await;
    let b = person(&app, &t, json!({"first_name": "B"})).await;
    let theirs = person(&app, &other_org, json!({"first_name": "C"})).await;
    let r = app
        .post(&format!("/v1/people/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [a]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["merge_ids[0]"]);
    let r = app
        .post(&format!("/v1/people/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b, theirs]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["merge_ids[1]"]);
    assert_eq!(
        app.get(&format!("/v1/people/{b}"))
            .bearer(&t)
            .send()
            .await
            .status,
        200,
        "nothing was half-written"
    );
    let r = app
        .post(&format!("/v1/people/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b], "choose": {"password": b}}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["choose.password"]);
    app.create_user(&t, "viewer@example.com", "viewer").await;
    let s = app.login("viewer@example.com").await;
    app.post(&format!("/v1/people/{a}/merge"))
        .bearer(&s)
        .json(json!({"merge_ids": [b]}))
        .send()
        .await
        .problem(403, "forbidden");
}
