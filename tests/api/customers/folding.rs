//! Case-insensitive search folds non-ASCII letters alike on both databases: `ñ` finds
//! `Ñ`, `é` finds `É`, in `q=`, in `contains`/`starts_with` filters and in address parts.

use crm_tests::{Reply, TestApp};
use serde_json::{Value, json};

fn first_names(r: &Reply) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    let mut v: Vec<String> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["first_name"].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

async fn seed(app: &TestApp, t: &str) {
    for body in [
        json!({"first_name": "ÑANDÚ", "last_name": "Pérez", "addresses": [{"city": "MÜNCHEN", "country": "DE"}]}),
        json!({"first_name": "Élodie", "last_name": "ÇELİK", "emails": [{"address": "elodie@example.com"}]}),
        json!({"first_name": "Nandu", "last_name": "Perez", "addresses": [{"city": "Munich", "country": "DE"}]}),
        json!({"first_name": "Star*", "last_name": "[bracket]?"}),
        json!({"first_name": "Odos", "last_name": "ΟΔΟΣ"}),
    ] {
        let r = app.post("/v1/people").bearer(t).json(body).send().await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
}

#[actix_web::test]
async fn free_text_search_folds_accented_capitals_and_takes_pattern_characters_literally() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    seed(&app, &t).await;
    let q = |text: &str| {
        let text: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
        let url = format!("/v1/people?sort=first_name&q={text}");
        app.get(&url).bearer(&t).send()
    };
    assert_eq!(first_names(&q("ñandú").await), ["ÑANDÚ"]);
    assert_eq!(first_names(&q("PÉREZ").await), ["ÑANDÚ"]);
    assert_eq!(first_names(&q("ELODIE@").await), ["Élodie"]);
    assert_eq!(
        first_names(&q("nandu").await),
        ["Nandu"],
        "no accent folding, only case"
    );
    assert_eq!(first_names(&q("*").await), ["Star*"]);
    assert_eq!(first_names(&q("[bracket]?").await), ["Star*"]);
    assert_eq!(first_names(&q("%").await), Vec::<String>::new());
    // Folded letter by letter on both sides: a final capital sigma is σ, not ς.
    assert_eq!(first_names(&q("ΟΔΟΣ").await), ["Odos"]);
    assert_eq!(first_names(&q("οδοσ").await), ["Odos"]);
}

#[actix_web::test]
async fn filters_fold_accented_capitals_in_fields_and_address_parts() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    seed(&app, &t).await;
    let search = |f: Value| {
        app.post("/v1/people/search")
            .bearer(&t)
            .json(json!({"filter": f}))
            .send()
    };
    let r = search(json!({"field": "first_name", "op": "contains", "value": "ñan"})).await;
    assert_eq!(first_names(&r), ["ÑANDÚ"]);
    let r = search(json!({"field": "last_name", "op": "starts_with", "value": "çeli"})).await;
    assert_eq!(first_names(&r), ["Élodie"]);
    let r = search(json!({"field": "address.city", "op": "in", "value": ["münchen"]})).await;
    assert_eq!(first_names(&r), ["ÑANDÚ"]);
    let r = search(json!({"field": "address.city", "op": "contains", "value": "München"})).await;
    assert_eq!(first_names(&r), ["ÑANDÚ"]);
    let r =
        search(json!({"not": {"field": "address.city", "op": "in", "value": ["MÜNCHEN"]}})).await;
    assert_eq!(first_names(&r), ["Nandu", "Odos", "Star*", "Élodie"]);
}

#[actix_web::test]
async fn company_search_folds_accented_capitals() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    for name in ["ÉCOLE NATIONALE", "Ecole Libre"] {
        let r = app
            .post("/v1/companies")
            .bearer(&t)
            .json(json!({"name": name}))
            .send()
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = app
        .get("/v1/companies?q=%C3%A9cole")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let names: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ÉCOLE NATIONALE"]);
}
