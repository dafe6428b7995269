//! Keyset pages, sorting, typed filters, search with the filter tree, totals.

use crm_tests::TestApp;
use serde_json::{Value, json};

async fn emails(app: &TestApp, token: &str, query: &str) -> (Vec<String>, Option<String>) {
    let r = app
        .get(&format!("/v1/users?{query}"))
        .bearer(token)
        .send()
        .await;
    assert_eq!(r.status, 200, "{query}: {}", r.text);
    let list = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect();
    (list, r.body["next_cursor"].as_str().map(str::to_string))
}

async fn seeded() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let t = app.owner_token("a@example.com").await;
    for (e, role) in [
        ("d@example.com", "sales"),
        ("b@example.com", "support"),
        ("e@example.com", "sales"),
        ("c@example.com", "viewer"),
    ] {
        app.create_user(&t, e, role).await;
    }
    (app, t)
}

#[actix_web::test]
async fn cursors_walk_every_row_once_in_either_direction() {
    let (app, t) = seeded().await;
    for (sort, expected) in [
        ("email", ["a", "b", "c", "d", "e"]),
        ("-email", ["e", "d", "c", "b", "a"]),
        ("created_at", ["a", "d", "b", "e", "c"]),
        ("-created_at", ["c", "e", "b", "d", "a"]),
    ] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let q = match &cursor {
                Some(c) => format!("limit=2&sort={sort}&cursor={c}"),
                None => format!("limit=2&sort={sort}"),
            };
            let (page, next) = emails(&app, &t, &q).await;
            assert!(page.len() <= 2);
            seen.extend(page);
            match next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let want: Vec<String> = expected
            .iter()
            .map(|e| format!("{e}@example.com"))
            .collect();
        assert_eq!(seen, want, "sort={sort}");
    }
}

#[actix_web::test]
async fn bad_limits_sorts_and_cursors_return_400_naming_the_parameter() {
    let (app, t) = seeded().await;
    for (q, field) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=abc", "limit"),
        ("sort=password_hash", "sort"),
        ("sort=email,-name", "sort"),
        ("cursor=not-a-cursor", "cursor"),
        ("include=everything", "include"),
        ("colour=blue", "colour"),
        ("role=emperor", "role"),
    ] {
        let r = app.get(&format!("/v1/users?{q}")).bearer(&t).send().await;
        r.problem(400, "invalid_parameter");
        assert_eq!(r.error_fields(), [field], "{q}");
    }
    let (_, next) = emails(&app, &t, "limit=1&sort=email").await;
    let r = app
        .get(&format!("/v1/users?sort=-email&cursor={}", next.unwrap()))
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
}

#[actix_web::test]
async fn a_cursor_works_only_on_the_list_and_for_the_organisation_it_was_issued_to() {
    use base64::Engine;
    let (app, t) = seeded().await;
    let (_, next) = emails(&app, &t, "limit=1&sort=email").await;
    let next = next.unwrap();
    let (rest, _) = emails(&app, &t, &format!("limit=10&sort=email&cursor={next}")).await;
    assert_eq!(rest.len(), 4);
    // Another list with the same sort, and another organisation on the same list.
    let r = app
        .get(&format!("/v1/api-keys?sort=created_at&cursor={next}"))
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    let other = app.owner_token("z@example.org").await;
    let r = app
        .get(&format!("/v1/users?limit=1&sort=email&cursor={next}"))
        .bearer(&other)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    assert_eq!(r.error_fields(), ["cursor"]);
    // A position written by hand, as the unsealed cursors were, naming any id.
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
        json!({"s": "email,id", "k": ["a@example.com"], "i": "00000000-0000-0000-0000-000000000000"}).to_string(),
    );
    let r = app
        .get(&format!("/v1/users?sort=email&cursor={forged}"))
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    // A cursor with one character changed.
    let mut edited = next.clone().into_bytes();
    edited[5] = if edited[5] == b'A' { b'B' } else { b'A' };
    let edited = String::from_utf8(edited).unwrap();
    let r = app
        .get(&format!("/v1/users?sort=email&cursor={edited}"))
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    // A search's cursor pages its search, in the body (422 there when it is not its own).
    let search = |cursor: Option<&str>| {
        app.post("/v1/users/search")
            .bearer(&t)
            .json(json!({"filter": {"field": "email", "op": "contains", "value": "example"}, "limit": 2, "sort": "email", "cursor": cursor}))
            .send()
    };
    let first = search(None).await;
    let c = first.body["next_cursor"].as_str().unwrap().to_string();
    let second = search(Some(&c)).await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!(second.body["data"][0]["email"], "c@example.com");
    let r = search(Some(&next)).await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["cursor"]);
}

#[actix_web::test]
async fn typed_filters_and_free_text_narrow_the_list() {
    let (app, t) = seeded().await;
    let (sales, _) = emails(&app, &t, "role=sales&sort=email").await;
    assert_eq!(sales, ["d@example.com", "e@example.com"]);
    let (q, _) = emails(&app, &t, "q=C%40EXAMPLE").await;
    assert_eq!(q, ["c@example.com"], "q= is case-insensitive");
    let (none, _) = emails(&app, &t, "q=%25").await;
    assert!(none.is_empty(), "LIKE wildcards in q= are literal");
    let (later, _) = emails(&app, &t, "created_after=2100-01-01T00:00:00Z").await;
    assert!(later.is_empty());
    let r = app
        .get("/v1/users?include=total&limit=1")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["total"], 5);
    assert!(
        app.get("/v1/users")
            .bearer(&t)
            .send()
            .await
            .body
            .get("total")
            .is_none(),
        "no count unless asked"
    );
}

#[actix_web::test]
async fn search_applies_a_filter_tree() {
    let (app, t) = seeded().await;
    let r = app
        .post("/v1/users/search")
        .bearer(&t)
        .json(json!({"filter": {"any": [
            {"field": "role", "op": "in", "value": ["support", "viewer"]},
            {"all": [{"field": "email", "op": "starts_with", "value": "e"}, {"not": {"field": "role", "op": "eq", "value": "owner"}}]}
        ]}, "sort": "email"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let got: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["b@example.com", "c@example.com", "e@example.com"]);
}

#[actix_web::test]
async fn search_errors_name_the_path_of_each_bad_node() {
    let (app, t) = seeded().await;
    let r = app
        .post("/v1/users/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [
            {"field": "password_hash", "op": "eq", "value": "x"},
            {"field": "created_at", "op": "gt", "value": "yesterday"}
        ]}, "limit": 500}))
        .send()
        .await;
    r.problem(422, "validation");
    let mut fields = r.error_fields();
    fields.sort();
    assert_eq!(fields, ["limit"], "paging errors come first: {}", r.text);
    let r = app
        .post("/v1/users/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [
            {"field": "password_hash", "op": "eq", "value": "x"},
            {"field": "created_at", "op": "gt", "value": "yesterday"}
        ]}}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        ["filter.all[0].field", "filter.all[1].value"]
    );
    let mut deep = json!({"field": "email", "op": "eq", "value": "x"});
    for _ in 0..10 {
        deep = json!({"not": deep});
    }
    let r = app
        .post("/v1/users/search")
        .bearer(&t)
        .json(json!({"filter": deep}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.body["errors"][0]["code"], "too_deep");
    let many: Vec<Value> = (0..150)
        .map(|_| json!({"field": "email", "op": "eq", "value": "x"}))
        .collect();
    let r = app
        .post("/v1/users/search")
        .bearer(&t)
        .json(json!({"filter": {"any": many}}))
        .send()
        .await;
    assert_eq!(r.body["errors"][0]["code"], "too_many_nodes");
}

/// The last names of every person, walking `query`'s pages of two by `next_cursor`.
async fn last_names(app: &TestApp, token: &str, query: &str) -> Vec<Option<String>> {
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let after = cursor.map(|c| format!("&cursor={c}")).unwrap_or_default();
        let r = app
            .get(&format!("/v1/people?limit=2&{query}{after}"))
            .bearer(token)
            .send()
            .await;
        assert_eq!(r.status, 200, "{query}: {}", r.text);
        for p in r.body["data"].as_array().unwrap() {
            names.push(p["last_name"].as_str().map(str::to_string));
        }
        cursor = r.body["next_cursor"].as_str().map(str::to_string);
        if cursor.is_none() {
            return names;
        }
    }
}

#[actix_web::test]
async fn people_sort_by_last_and_first_name_in_pages_with_the_unnamed_last_either_way() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    for body in [
        json!({"first_name": "Marie", "last_name": "Curie"}),
        json!({"emails": [{"address": "anon@example.com"}]}),
        json!({"first_name": "Charles", "last_name": "Babbage"}),
        json!({"first_name": "Luis", "last_name": "Alvarez"}),
        json!({"first_name": "Pierre", "last_name": "Curie"}),
    ] {
        let r = app.post("/v1/people").bearer(&t).json(body).send().await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        last_names(&app, &t, "sort=last_name").await,
        [s("Alvarez"), s("Babbage"), s("Curie"), s("Curie"), None]
    );
    assert_eq!(
        last_names(&app, &t, "sort=-last_name").await,
        [s("Curie"), s("Curie"), s("Babbage"), s("Alvarez"), None]
    );
    let r = app
        .get("/v1/people?sort=last_name,first_name")
        .bearer(&t)
        .send()
        .await;
    let firsts: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["first_name"].as_str())
        .collect();
    assert_eq!(firsts, ["Luis", "Charles", "Marie", "Pierre"]);
    let r = app
        .get("/v1/people?sort=-last_name,-first_name")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["data"][0]["first_name"], "Pierre");
    app.get("/v1/people?sort=last_name,-first_name")
        .bearer(&t)
        .send()
        .await
        .problem(400, "invalid_parameter");
}

#[actix_web::test]
async fn a_date_filter_takes_a_plain_date_as_midnight_utc_and_explains_a_wrong_format() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("ada@example.com").await;
    app.post("/v1/people")
        .bearer(&t)
        .json(json!({"first_name": "Grace"}))
        .send()
        .await;
    let r = app
        .get("/v1/people?created_after=2020-01-01")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["data"].as_array().unwrap().len(), 1);
    let r = app
        .get("/v1/people?created_before=2020-01-01")
        .bearer(&t)
        .send()
        .await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 0);
    let r = app
        .get("/v1/people?created_after=01/31/2026")
        .bearer(&t)
        .send()
        .await;
    r.problem(400, "invalid_parameter");
    assert!(
        r.body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("created_after") && d.contains("2026-01-31T09:30:00Z")),
        "{}",
        r.text
    );
}
