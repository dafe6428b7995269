//! People: the shared record, its contact points, lifecycle rules and history, tags.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn person(app: &TestApp, t: &str, body: Value) -> Value {
    let r = app.post("/v1/people").bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

#[actix_web::test]
async fn a_person_is_created_with_normalised_contact_points_tags_and_a_first_stage() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({
            "first_name": " Ada ", "last_name": "Lovelace",
            "emails": [{"address": "Ada@Example.COM"}, {"address": "ada@home.example", "label": "home"}],
            "phones": [{"number": "+44 20 7183 8750", "label": "mobile", "primary": true}],
            "tags": ["VIP", "vip", "Newsletter"],
            "source": {"channel": "web_form", "detail": "pricing page"},
            "language": "en-GB", "time_zone": "Europe/London", "birthday": "1990-12-10"
        }))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let p = &r.body;
    let id = p["id"].as_str().unwrap();
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/people/{id}").as_str())
    );
    assert_eq!(p["first_name"], "Ada");
    assert_eq!(
        p["emails"][0],
        json!({"address": "ada@example.com", "label": "work", "primary": true})
    );
    assert_eq!(p["emails"][1]["primary"], false);
    assert_eq!(
        p["phones"][0],
        json!({"number": "+442071838750", "label": "mobile", "primary": true})
    );
    assert_eq!(p["tags"], json!(["newsletter", "vip"]));
    assert_eq!(p["lifecycle_stage"], "lead");
    assert_eq!(
        p["source"],
        json!({"channel": "web_form", "detail": "pricing page"})
    );
    let h = app
        .get(&format!("/v1/people/{id}/lifecycle-history"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(h.body["data"][0]["from_stage"], Value::Null);
    assert_eq!(h.body["data"][0]["to_stage"], "lead");
    let tags = app.get("/v1/tags").bearer(&t).send().await;
    let names: Vec<&str> = tags.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["newsletter", "vip"]);
}

#[actix_web::test]
async fn invalid_fields_return_422_naming_each_and_write_nothing() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({
            "first_name": "Ada",
            "emails": [{"address": "not-an-email"}, {"address": "a@b.co", "primary": true}, {"address": "A@B.CO"}],
            "phones": [{"number": "020 7183 8750"}],
            "lifecycle_stage": "royalty",
        }))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["lifecycle_stage"],
        "type errors come first: {}",
        r.text
    );
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({
            "first_name": "Ada",
            "emails": [{"address": "not-an-email"}, {"address": "a@b.co", "primary": true}, {"address": "A@B.CO"}],
            "phones": [{"number": "020 7183 8750"}],
            "owner_id": uuid::Uuid::now_v7(),
            "birthday": "2999-01-01",
        }))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["emails[0]", "emails[2]", "phones[0]", "birthday"],
        "{}",
        r.text
    );
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Ada", "owner_id": uuid::Uuid::now_v7()}))
        .send()
        .await;
    assert_eq!(r.error_fields(), ["owner_id"]);
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({}))
        .send()
        .await
        .problem(422, "validation");
    assert_eq!(app.count("people").await, 0);
    assert_eq!(app.count("person_emails").await, 0);
}

#[actix_web::test]
async fn stages_move_by_the_lifecycle_rules_and_every_move_is_recorded() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = person(&app, &t, json!({"first_name": "Ada"})).await;
    let path = format!("/v1/people/{}", p["id"].as_str().unwrap());
    let stage = |s: &str| json!({"lifecycle_stage": s});
    assert_eq!(
        app.patch(&path)
            .bearer(&t)
            .json(stage("customer"))
            .send()
            .await
            .status,
        200
    );
    let back = app.patch(&path).bearer(&t).json(stage("lead")).send().await;
    back.problem(409, "conflict");
    assert!(
        back.body["detail"]
            .as_str()
            .unwrap()
            .contains("customer to lead")
    );
    assert_eq!(
        app.patch(&path)
            .bearer(&t)
            .json(stage("churned"))
            .send()
            .await
            .status,
        200
    );
    assert_eq!(
        app.patch(&path)
            .bearer(&t)
            .json(stage("customer"))
            .send()
            .await
            .status,
        200,
        "won back"
    );
    app.patch(&path)
        .bearer(&t)
        .json(json!({"lifecycle_stage": null}))
        .send()
        .await
        .problem(422, "validation");
    let h = app
        .get(&format!("{path}/lifecycle-history"))
        .bearer(&t)
        .send()
        .await;
    let moves: Vec<(Value, Value)> = h.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["from_stage"].clone(), c["to_stage"].clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (Value::Null, json!("lead")),
            (json!("lead"), json!("customer")),
            (json!("customer"), json!("churned")),
            (json!("churned"), json!("customer")),
        ]
    );
    assert_eq!(h.body["data"][1]["actor_kind"], "user");
}

#[actix_web::test]
async fn a_patch_replaces_lists_clears_nulls_and_respects_if_match() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let p = person(&app, &t, json!({"first_name": "Ada", "last_name": "L", "emails": [{"address": "a@x.co"}], "tags": ["a"]})).await;
    let path = format!("/v1/people/{}", p["id"].as_str().unwrap());
    let r = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"last_name": null, "emails": [{"address": "b@x.co"}, {"address": "c@x.co", "primary": true}], "tags": ["b"]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["last_name"], Value::Null);
    assert_eq!(r.body["first_name"], "Ada");
    assert_eq!(r.body["emails"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["emails"][1]["primary"], true);
    assert_eq!(r.body["tags"], json!(["b"]));
    assert_eq!(r.header("etag"), Some("\"2\""));
    app.patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"first_name": "X"}))
        .send()
        .await
        .problem(412, "precondition_failed");
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"first_name": null, "emails": null}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(app.get(&path).bearer(&t).send().await.body["version"], 2);
}

#[actix_web::test]
async fn a_taken_external_id_returns_409() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    person(&app, &t, json!({"first_name": "A", "external_id": "crm-1"})).await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "B", "external_id": "crm-1"}))
        .send()
        .await
        .problem(409, "conflict");
    let other = app.owner_token("other@example.com").await;
    person(
        &app,
        &other,
        json!({"first_name": "C", "external_id": "crm-1"}),
    )
    .await;
}

async fn seeded(app: &TestApp, t: &str, owner: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for body in [
        json!({"first_name": "Ada", "emails": [{"address": "ada@example.com"}], "tags": ["vip"], "lifecycle_stage": "customer", "owner_id": owner}),
        json!({"first_name": "Grace", "phones": [{"number": "+1 415 555 2671"}], "tags": ["vip", "beta"]}),
        json!({"last_name": "Turing", "emails": [{"address": "alan@bletchley.example"}], "lifecycle_stage": "subscriber"}),
        json!({"first_name": "Edsger", "emails": [{"address": "ewd@example.com"}, {"address": "edsger@home.example"}], "lifecycle_stage": "customer"}),
    ] {
        ids.push(
            person(app, t, body).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    ids
}

fn names(r: &crm_tests::Reply) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["first_name"]
                .as_str()
                .or(p["last_name"].as_str())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

#[actix_web::test]
async fn lists_filter_by_stage_owner_tag_and_free_text() {
    let app = TestApp::spawn().await;
    let s = app.signup("owner@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    let owner = s["user"]["id"].as_str().unwrap();
    seeded(&app, t, owner).await;
    let get = |q: &str| app.get(&format!("/v1/people?{q}")).bearer(t).send();
    assert_eq!(
        names(&get("lifecycle_stage=customer").await),
        ["Ada", "Edsger"]
    );
    assert_eq!(names(&get(&format!("owner_id={owner}")).await), ["Ada"]);
    assert_eq!(names(&get("tag=VIP").await), ["Ada", "Grace"]);
    assert_eq!(
        names(&get("q=bletchley").await),
        ["Turing"],
        "q= finds emails"
    );
    assert_eq!(names(&get("q=555").await), ["Grace"], "q= finds phones");
    assert_eq!(
        names(&get("q=EDS").await),
        ["Edsger"],
        "q= finds names, any case"
    );
    assert_eq!(names(&get("sort=-created_at&limit=1").await), ["Edsger"]);
    assert_eq!(get("include=total&tag=beta").await.body["total"], 1);
}

#[actix_web::test]
async fn search_matches_sets_of_emails_phones_and_tags() {
    let app = TestApp::spawn().await;
    let s = app.signup("owner@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    seeded(&app, t, s["user"]["id"].as_str().unwrap()).await;
    let search = |f: Value| {
        app.post("/v1/people/search")
            .bearer(t)
            .json(json!({"filter": f}))
            .send()
    };
    let r =
        search(json!({"field": "email", "op": "contains", "value": "EDSGER@home.example"})).await;
    assert_eq!(names(&r), ["Edsger"], "{}", r.text);
    assert_eq!(
        names(&search(json!({"field": "tags", "op": "not_in", "value": ["vip"]})).await),
        ["Turing", "Edsger"]
    );
    assert_eq!(
        names(&search(json!({"field": "phone", "op": "is_null", "value": false})).await),
        ["Grace"]
    );
    let r = search(json!({"all": [{"field": "lifecycle_stage", "op": "eq", "value": "customer"}, {"not": {"field": "tags", "op": "contains", "value": "vip"}}]})).await;
    assert_eq!(names(&r), ["Edsger"]);
    let r = search(json!({"field": "tags", "op": "gt", "value": "a"})).await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["filter.op"]);
}

#[actix_web::test]
async fn deleting_a_tag_takes_it_off_everyone() {
    let app = TestApp::spawn().await;
    let s = app.signup("owner@example.com").await;
    let t = s["access_token"].as_str().unwrap();
    seeded(&app, t, s["user"]["id"].as_str().unwrap()).await;
    let tags = app.get("/v1/tags").bearer(t).send().await;
    let vip = tags.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "vip")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!names(&app.get("/v1/people?tag=vip").bearer(t).send().await).is_empty());
    assert_eq!(
        app.delete(&format!("/v1/tags/{vip}"))
            .bearer(t)
            .send()
            .await
            .status,
        204
    );
    assert!(names(&app.get("/v1/people?tag=vip").bearer(t).send().await).is_empty());
    // The cards of those who carried it follow in a background job, as a worker runs it.
    assert_eq!(app.work().await, 1);
    let everyone = app.get("/v1/people?limit=100").bearer(t).send().await;
    let shown: Vec<&Value> = everyone.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["tags"].as_array().unwrap())
        .collect();
    assert!(!shown.is_empty(), "other tags stay: {}", everyone.text);
    assert!(!shown.contains(&&json!("vip")), "{}", everyone.text);
    let r = app
        .post("/v1/tags")
        .bearer(t)
        .json(json!({"name": " Beta "}))
        .send()
        .await;
    r.problem(409, "conflict");
    assert_eq!(
        app.post("/v1/tags")
            .bearer(t)
            .json(json!({"name": "Gold"}))
            .send()
            .await
            .body["name"],
        "gold"
    );
}

#[actix_web::test]
async fn people_are_deleted_restored_and_invisible_to_other_organisations() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let other = app.owner_token("other@example.com").await;
    let p = person(&app, &t, json!({"first_name": "Ada", "tags": ["vip"]})).await;
    let path = format!("/v1/people/{}", p["id"].as_str().unwrap());
    app.get(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    app.patch(&path)
        .bearer(&other)
        .json(json!({"first_name": "X"}))
        .send()
        .await
        .problem(404, "not_found");
    assert!(names(&app.get("/v1/people").bearer(&other).send().await).is_empty());
    assert_eq!(app.delete(&path).bearer(&t).send().await.status, 204);
    app.get(&path)
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
    let r = app.post(&format!("{path}/restore")).bearer(&t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["tags"], json!(["vip"]));
    let audit = app
        .get(&format!(
            "/v1/audit-events?resource_id={}",
            p["id"].as_str().unwrap()
        ))
        .bearer(&t)
        .send()
        .await;
    let actions: Vec<&str> = audit.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["person.restored", "person.deleted", "person.created"]
    );
}

#[actix_web::test]
async fn a_viewer_reads_people_but_cannot_change_them() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    app.create_user(&t, "viewer@example.com", "viewer").await;
    let v = app.login("viewer@example.com").await;
    person(&app, &t, json!({"first_name": "Ada"})).await;
    assert_eq!(app.get("/v1/people").bearer(&v).send().await.status, 200);
    app.post("/v1/people")
        .bearer(&v)
        .json(json!({"first_name": "X"}))
        .send()
        .await
        .problem(403, "forbidden");
}

#[actix_web::test]
async fn phones_without_a_country_code_are_read_in_the_organisations_region() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let local = json!({"first_name": "Ada", "phones": [{"number": "020 7183 8750"}]});
    let r = app
        .post("/v1/people")
        .bearer(&t)
        .json(local.clone())
        .send()
        .await;
    assert_eq!(r.error_fields(), ["phones[0]"], "no region yet: {}", r.text);
    app.patch("/v1/organisation")
        .bearer(&t)
        .json(json!({"default_region": "XX"}))
        .send()
        .await
        .problem(422, "validation");
    let o = app
        .patch("/v1/organisation")
        .bearer(&t)
        .json(json!({"default_region": "GB"}))
        .send()
        .await;
    assert_eq!(o.status, 200, "{}", o.text);
    assert_eq!(o.body["default_region"], "GB");
    let p = person(&app, &t, local).await;
    assert_eq!(p["phones"][0]["number"], "+442071838750");
    app.create_user(&t, "sales@example.com", "sales").await;
    let s = app.login("sales@example.com").await;
    app.patch("/v1/organisation")
        .bearer(&s)
        .json(json!({"name": "Mine"}))
        .send()
        .await
        .problem(403, "forbidden");
    assert_eq!(
        app.get("/v1/organisation").bearer(&s).send().await.body["default_region"],
        "GB"
    );
}

#[actix_web::test]
async fn consent_is_a_ledger_whose_latest_entry_per_pair_is_the_current_state() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, json!({"first_name": "Ada"})).await;
    let grace = person(&app, &t, json!({"first_name": "Grace"})).await;
    let rec = |id: &str, body: Value| {
        app.post(&format!("/v1/people/{id}/consents"))
            .bearer(&t)
            .json(body)
            .send()
    };
    let (a, g) = (ada["id"].as_str().unwrap(), grace["id"].as_str().unwrap());
    let r = rec(a, json!({"channel": "email", "purpose": "marketing", "status": "granted", "source": "web_form", "proof": "form /signup from 203.0.113.7", "recorded_at": "2026-01-01T10:00:00Z"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["proof"], "form /signup from 203.0.113.7");
    rec(g, json!({"channel": "email", "purpose": "marketing", "status": "granted", "recorded_at": "2026-01-01T10:00:00Z"})).await;
    rec(g, json!({"channel": "email", "purpose": "marketing", "status": "withdrawn", "recorded_at": "2026-02-01T10:00:00Z"})).await;
    // A backfilled older grant does not undo the later withdrawal.
    rec(g, json!({"channel": "email", "purpose": "marketing", "status": "granted", "recorded_at": "2025-06-01T10:00:00Z"})).await;
    rec(
        g,
        json!({"channel": "sms", "purpose": "service", "status": "granted"}),
    )
    .await;

    let gp = app.get(&format!("/v1/people/{g}")).bearer(&t).send().await;
    let states: Vec<(String, String, String)> = gp.body["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["channel"].as_str().unwrap().into(),
                c["purpose"].as_str().unwrap().into(),
                c["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("email".into(), "marketing".into(), "withdrawn".into()),
            ("sms".into(), "service".into(), "granted".into())
        ]
    );
    assert_eq!(
        names(
            &app.get("/v1/people?consent=email:marketing")
                .bearer(&t)
                .send()
                .await
        ),
        ["Ada"]
    );
    assert_eq!(
        names(
            &app.get("/v1/people?consent=sms:service")
                .bearer(&t)
                .send()
                .await
        ),
        ["Grace"]
    );
    let s = app
        .post("/v1/people/search")
        .bearer(&t)
        .json(json!({"filter": {"not": {"field": "consent", "op": "contains", "value": "email:marketing"}}}))
        .send()
        .await;
    assert_eq!(names(&s), ["Grace"]);
    let ledger = app
        .get(&format!("/v1/people/{g}/consents"))
        .bearer(&t)
        .send()
        .await;
    let statuses: Vec<&str> = ledger.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["granted", "granted", "withdrawn", "granted"],
        "oldest first by recorded_at"
    );
    let r = rec(a, json!({"channel": "email", "purpose": "marketing", "status": "granted", "recorded_at": "2999-01-01T00:00:00Z"})).await;
    assert_eq!(r.error_fields(), ["recorded_at"]);
    rec(
        a,
        json!({"channel": "fax", "purpose": "marketing", "status": "granted"}),
    )
    .await
    .problem(422, "validation");
    let other = app.owner_token("other@example.com").await;
    app.post(&format!("/v1/people/{a}/consents"))
        .bearer(&other)
        .json(json!({"channel": "email", "purpose": "marketing", "status": "withdrawn"}))
        .send()
        .await
        .problem(404, "not_found");
    assert_eq!(app.count("consents").await, 5);
}

#[actix_web::test]
async fn an_unknown_consent_pair_in_a_list_returns_400() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for q in ["consent=", "consent=email", "consent=fax:marketing"] {
        let r = app.get(&format!("/v1/people?{q}")).bearer(&t).send().await;
        r.problem(400, "invalid_parameter");
        assert_eq!(r.error_fields(), ["consent"], "{q}");
    }
}

#[actix_web::test]
async fn duplicates_are_ranked_with_their_reasons() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let ada = person(&app, &t, json!({"first_name": "Ada", "last_name": "Lovelace", "emails": [{"address": "ada@example.com"}], "phones": [{"number": "+44 20 7183 8750"}]})).await;
    let same_email = person(
        &app,
        &t,
        json!({"first_name": "A", "last_name": "King", "emails": [{"address": "ADA@example.com"}]}),
    )
    .await;
    let typo = person(
        &app,
        &t,
        json!({"first_name": "Ada", "last_name": "Lovelase"}),
    )
    .await;
    person(&app, &t, json!({"first_name": "Alan", "last_name": "Turing", "phones": [{"number": "+44 20 7946 0000"}]})).await;
    let r = app
        .get(&format!(
            "/v1/people/{}/duplicates",
            ada["id"].as_str().unwrap()
        ))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let data = r.body["data"].as_array().unwrap();
    let ids: Vec<&str> = data
        .iter()
        .map(|d| d["person"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            same_email["id"].as_str().unwrap(),
            typo["id"].as_str().unwrap()
        ]
    );
    assert_eq!(
        data[0]["reasons"][0],
        json!({"kind": "email", "value": "ada@example.com"})
    );
    assert_eq!(data[1]["reasons"][0]["kind"], "name");
    assert!(data[0]["score"].as_f64().unwrap() > data[1]["score"].as_f64().unwrap());
}
