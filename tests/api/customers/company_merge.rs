//! Duplicate companies: found by domain and name, folded into one survivor.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn company(app: &TestApp, t: &str, body: Value) -> String {
    let r = app.post("/v1/companies").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

async fn person(app: &TestApp, t: &str, name: &str) -> String {
    let r = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": name}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

async fn link(app: &TestApp, t: &str, person: &str, company: &str, title: &str) {
    let r = app
        .post(&format!("/v1/people/{person}/companies"))
        .bearer(t)
        .json(json!({"company_id": company, "title": title}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

#[actix_web::test]
async fn duplicate_companies_are_found_by_domain_or_website_and_by_name_without_legal_form() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let acme = company(&app, &t, json!({"name": "Acme Inc.", "domain": "acme.com"})).await;
    let site = company(
        &app,
        &t,
        json!({"name": "Road Runner Supplies", "website": "https://www.acme.com/shop"}),
    )
    .await;
    let named = company(&app, &t, json!({"name": "ACME Incorporated"})).await;
    company(&app, &t, json!({"name": "Globex", "domain": "globex.com"})).await;
    let other_org = app.owner_token("other@example.com").await;
    company(
        &app,
        &other_org,
        json!({"name": "Acme", "domain": "acme.com"}),
    )
    .await;

    let r = app
        .get(&format!("/v1/companies/{acme}/duplicates"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let data = r.body["data"].as_array().unwrap();
    assert_eq!(
        data.len(),
        2,
        "strangers and other organisations are left out: {data:?}"
    );
    assert_eq!(data[0]["company"]["id"], site.as_str());
    assert_eq!(
        data[0]["reasons"],
        json!([{"kind": "domain", "value": "acme.com"}])
    );
    assert_eq!(data[0]["score"], 0.9);
    assert_eq!(data[1]["company"]["id"], named.as_str());
    assert_eq!(
        data[1]["reasons"],
        json!([{"kind": "name", "similarity": 1.0}])
    );

    let missing = uuid::Uuid::now_v7();
    app.get(&format!("/v1/companies/{missing}/duplicates"))
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn a_company_merge_moves_people_tags_and_custom_values_and_points_the_merged_at_the_survivor()
{
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/custom-fields")
        .bearer(&t)
        .json(json!({"resource": "company", "key": "tier", "label": "Tier", "type": "text"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let keep = company(
        &app,
        &t,
        json!({"name": "Acme", "tags": ["key"], "external_id": "acme-1"}),
    )
    .await;
    let other = company(&app, &t, json!({"name": "ACME Inc.", "domain": "acme.com", "industry": "Anvils", "tags": ["west"], "external_id": "legacy-9", "custom_fields": {"tier": "gold"}, "addresses": [{"city": "Tucson", "country": "US"}]})).await;
    let ann = person(&app, &t, "Ann").await;
    let bob = person(&app, &t, "Bob").await;
    link(&app, &t, &ann, &keep, "Buyer").await;
    link(&app, &t, &ann, &other, "Old title").await;
    link(&app, &t, &bob, &other, "Engineer").await;

    let dry = app
        .post(&format!("/v1/companies/{keep}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [other], "choose": {"name": other}, "dry_run": true}))
        .send()
        .await;
    assert_eq!(dry.status, 200, "{}", dry.text);
    assert_eq!(dry.body["dry_run"], true);
    assert_eq!(dry.body["company"]["name"], "ACME Inc.");
    let still = app
        .get(&format!("/v1/companies/{other}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(still.status, 200, "a dry run writes nothing");

    let r = app
        .post(&format!("/v1/companies/{keep}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [other]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let c = &r.body["company"];
    assert_eq!(
        c["name"], "Acme",
        "the survivor keeps its own values unless told"
    );
    assert_eq!(
        c["domain"], "acme.com",
        "an empty field is filled from the merged record"
    );
    assert_eq!(c["industry"], "Anvils");
    assert_eq!(c["external_id"], "acme-1");
    assert_eq!(c["tags"], json!(["key", "west"]));
    assert_eq!(c["custom_fields"]["tier"], "gold");
    assert_eq!(c["addresses"][0]["city"], "Tucson");

    let people = app
        .get(&format!("/v1/companies/{keep}/people"))
        .bearer(&t)
        .send()
        .await;
    let mut titles: Vec<(String, String)> = people.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["person_id"].as_str().unwrap().to_string(),
                e["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    titles.sort();
    let mut want = vec![
        (ann.clone(), "Buyer".to_string()),
        (bob, "Engineer".to_string()),
    ];
    want.sort();
    assert_eq!(
        titles, want,
        "a person already at the survivor keeps that link"
    );

    let gone = app
        .get(&format!("/v1/companies/{other}"))
        .bearer(&t)
        .send()
        .await;
    gone.problem(308, "merged");
    assert_eq!(
        gone.header("location"),
        Some(format!("/v1/companies/{keep}").as_str())
    );
    let list = app.get("/v1/companies").bearer(&t).send().await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
    let audit = app
        .get(&format!("/v1/audit-events?resource_id={other}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(audit.body["data"][0]["action"], "company.merged");
    // The merged company's external id is free again.
    company(
        &app,
        &t,
        json!({"name": "Legacy", "external_id": "legacy-9"}),
    )
    .await;
}

#[actix_web::test]
async fn a_company_merge_into_itself_across_organisations_or_of_a_merged_company_is_refused() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other_org = app.owner_token("other@example.com").await;
    let a = company(&app, &t, json!({"name": "A"})).await;
    let b = company(&app, &t, json!({"name": "B"})).await;
    let theirs = company(&app, &other_org, json!({"name": "C"})).await;
    let r = app
        .post(&format!("/v1/companies/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [a]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["merge_ids[0]"]);
    let r = app
        .post(&format!("/v1/companies/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b, theirs]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["merge_ids[1]"]);
    let r = app
        .get(&format!("/v1/companies/{b}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "nothing was half-written");
    let r = app
        .post(&format!("/v1/companies/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b], "choose": {"birthday": b}}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["choose.birthday"]);

    let r = app
        .post(&format!("/v1/companies/{a}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let c = company(&app, &t, json!({"name": "C2"})).await;
    let r = app
        .post(&format!("/v1/companies/{c}/merge"))
        .bearer(&t)
        .json(json!({"merge_ids": [b]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["merge_ids[0]"],
        "a merged company cannot be merged again"
    );

    app.create_user(&t, "viewer@example.com", "viewer").await;
    let s = app.login("viewer@example.com").await;
    app.post(&format!("/v1/companies/{a}/merge"))
        .bearer(&s)
        .json(json!({"merge_ids": [c]}))
        .send()
        .await
        .problem(403, "forbidden");
}
