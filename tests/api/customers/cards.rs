//! People's cards (decision 0014): rows stored before cards existed read the same and
//! get their cards when migrated; catalogue deletes reach every card they touch.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn person_with_everything(app: &TestApp, t: &str, email: &str) -> String {
    let p = app
        .post("/v1/people")
        .bearer(t)
        .json(json!({"first_name": "Ada", "emails": [{"address": email}], "phones": [{"number": "+44 20 7183 8750"}], "tags": ["vip", "speaker"], "custom_fields": {"nickname": "Enchantress"}}))
        .send()
        .await;
    assert_eq!(p.status, 201, "{}", p.text);
    let id = p.body["id"].as_str().unwrap().to_string();
    let c = app
        .post(&format!("/v1/people/{id}/consents"))
        .bearer(t)
        .json(json!({"channel": "email", "purpose": "marketing", "status": "granted"}))
        .send()
        .await;
    assert_eq!(c.status, 201, "{}", c.text);
    id
}

async fn nickname_field(app: &TestApp, t: &str) -> String {
    let f = app
        .post("/v1/custom-fields")
        .bearer(t)
        .json(json!({"resource": "person", "key": "nickname", "label": "Nickname", "type": "text"}))
        .send()
        .await;
    assert_eq!(f.status, 201, "{}", f.text);
    f.body["id"].as_str().unwrap().to_string()
}

async fn read(app: &TestApp, t: &str, id: &str) -> Value {
    let r = app.get(&format!("/v1/people/{id}")).bearer(t).send().await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

#[actix_web::test]
async fn people_stored_before_cards_existed_read_the_same_and_get_cards_when_migrated() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    nickname_field(&app, &t).await;
    let id = person_with_everything(&app, &t, "ada@example.com").await;
    let other = person_with_everything(&app, &t, "lovelace@example.com").await;
    let before = read(&app, &t, &id).await;
    assert_eq!(before["emails"][0]["address"], "ada@example.com");
    assert_eq!(before["consents"][0]["status"], "granted");

    // As written by a version without cards: the reads fall back to the child tables.
    app.state
        .db
        .execute_raw("UPDATE people SET card = NULL")
        .await
        .unwrap();
    assert_eq!(read(&app, &t, &id).await, before);
    let page = app.get("/v1/people?limit=1").bearer(&t).send().await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.body["data"][0]["id"], id.as_str());

    // Taking the cards migration (and every later one) back and forward fills every card.
    let status = app.state.db.migration_status().await.unwrap();
    let cards = status
        .iter()
        .position(|(name, _)| name == "m20261202_000011_person_cards")
        .unwrap();
    let steps = u32::try_from(status.len() - cards).unwrap();
    app.state.db.migrate_down(steps).await.unwrap();
    app.state.db.migrate_up(None).await.unwrap();
    assert_eq!(app.count("people WHERE card IS NULL").await, 0);
    assert_eq!(read(&app, &t, &id).await, before);
    assert_eq!(
        read(&app, &t, &other).await["tags"],
        json!(["speaker", "vip"])
    );
}

#[actix_web::test]
async fn deleting_a_custom_field_takes_its_values_off_every_person() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let field = nickname_field(&app, &t).await;
    let a = person_with_everything(&app, &t, "ada@example.com").await;
    let b = person_with_everything(&app, &t, "grace@example.com").await;
    assert_eq!(
        read(&app, &t, &a).await["custom_fields"]["nickname"],
        "Enchantress"
    );
    let d = app
        .delete(&format!("/v1/custom-fields/{field}"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(d.status, 204, "{}", d.text);
    for id in [&a, &b] {
        let p = read(&app, &t, id).await;
        assert_eq!(p["custom_fields"], json!({}), "{p}");
        assert_eq!(p["tags"], json!(["speaker", "vip"]));
    }
    let page = app.get("/v1/people").bearer(&t).send().await;
    assert_eq!(page.status, 200, "{}", page.text);
    for p in page.body["data"].as_array().unwrap() {
        assert_eq!(p["custom_fields"], json!({}), "{p}");
    }
}
