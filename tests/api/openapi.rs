//! The contract: the committed document equals the generated one, every operation is
//! complete, and every documented operation is served.

use crm_tests::TestApp;
use serde_json::{Value, json};

fn committed() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    std::fs::read_to_string(&path).unwrap_or_default()
}

#[test]
fn the_committed_document_equals_the_generated_one() {
    let generated = crm_api::openapi::document_json();
    if std::env::var("CRM_UPDATE_OPENAPI").is_ok() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
        std::fs::write(path, &generated).unwrap();
    }
    assert!(
        committed() == generated,
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    );
}

#[test]
fn every_operation_has_an_id_a_tag_a_summary_and_its_error_responses() {
    let doc: Value = serde_json::from_str(&crm_api::openapi::document_json()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut ids = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
            assert!(
                id.contains('_'),
                "{method} {path}: operationId {id} is not <resource>_<action>"
            );
            assert_eq!(
                op["tags"].as_array().map(Vec::len),
                Some(1),
                "{method} {path}: one tag"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{method} {path}: summary"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{method} {path}: 500");
            for (code, r) in responses {
                // A shared answer is a reference into components.responses.
                let r = match r["$ref"].as_str() {
                    Some(at) => {
                        let name = at.trim_start_matches("#/components/responses/");
                        &doc["components"]["responses"][name]
                    }
                    None => r,
                };
                assert!(
                    r["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{method} {path} {code}: description"
                );
            }
            if op.get("security").is_some() {
                for code in ["401", "403", "429"] {
                    assert!(responses.contains_key(code), "{method} {path}: {code}");
                }
            }
            if path.contains("{id}") {
                assert!(responses.contains_key("404"), "{method} {path}: 404");
            }
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[actix_web::test]
async fn every_documented_operation_is_served_and_the_served_document_is_the_committed_one() {
    let app = TestApp::spawn().await;
    let served = app.get("/openapi.json").send().await;
    assert_eq!(served.status, 200);
    let generated: Value = serde_json::from_str(&crm_api::openapi::document_json()).unwrap();
    assert_eq!(served.body, generated);
    for (path, item) in generated["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", &uuid::Uuid::now_v7().to_string());
        for method in item.as_object().unwrap().keys() {
            let m = actix_web::http::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = app.req(m, &concrete).send().await;
            let code = r.body["code"].as_str().unwrap_or_default();
            assert!(
                code != "route_not_found" && code != "method_not_allowed",
                "{method} {path} is documented but not served: {}",
                r.text
            );
        }
    }
}

#[actix_web::test]
async fn the_interactive_docs_are_served_offline() {
    let app = TestApp::spawn().await;
    let r = app.get("/docs").send().await;
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/docs/"));
    let r = app.get("/docs/").send().await;
    assert_eq!(r.status, 200);
    assert!(
        r.text.contains("swagger"),
        "{}",
        &r.text[..r.text.len().min(200)]
    );
}

/// Where `node` (a schema or any part of the document) holds an object with neither
/// properties nor a typed `additionalProperties`: what a generator types as `never` or
/// `Dict[str, Any]`.
fn untyped_objects(node: &Value, path: &str, found: &mut Vec<String>) {
    match node {
        Value::Object(o) => {
            let t = &o.get("type").cloned().unwrap_or(Value::Null);
            let object =
                t == "object" || t.as_array().is_some_and(|a| a.contains(&json!("object")));
            let has_props = o
                .get("properties")
                .is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()));
            let typed_values = o.get("additionalProperties").is_some_and(|a| {
                a == &json!(false) || a.as_object().is_some_and(|a| !a.is_empty())
            });
            if object && !has_props && !typed_values {
                found.push(path.to_string());
            }
            for (k, v) in o {
                untyped_objects(v, &format!("{path}/{k}"), found);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                untyped_objects(v, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn no_schema_is_an_untyped_object() {
    let mut seen = Vec::new();
    let probe = json!({"a": {"type": "object"}, "b": {"type": ["object", "null"], "additionalProperties": {}},
        "c": {"type": "object", "additionalProperties": {"type": "string"}}});
    untyped_objects(&probe, "", &mut seen);
    assert_eq!(seen, ["/a", "/b"], "the check itself");
    let doc: Value = serde_json::from_str(&crm_api::openapi::document_json()).unwrap();
    let mut found = Vec::new();
    untyped_objects(&doc, "", &mut found);
    assert!(
        found.is_empty(),
        "objects with no typed properties or values: {found:#?}"
    );
}

/// Schemas and properties of the document that have no description.
fn undescribed(doc: &Value) -> (Vec<String>, Vec<String>) {
    let mut schemas = Vec::new();
    let mut properties = Vec::new();
    for (name, s) in doc["components"]["schemas"].as_object().unwrap() {
        if s.get("description").is_none() {
            schemas.push(name.clone());
        }
        for (p, v) in s["properties"].as_object().into_iter().flatten() {
            // A reference carries its target's description.
            if v.get("description").is_none() && v.get("$ref").is_none() {
                properties.push(format!("{name}.{p}"));
            }
        }
    }
    (schemas, properties)
}

/// Every schema and every property is described.
#[test]
fn every_schema_has_a_description_and_undescribed_properties_only_go_down() {
    let doc: Value = serde_json::from_str(&crm_api::openapi::document_json()).unwrap();
    let (schemas, properties) = undescribed(&doc);
    assert!(
        schemas.is_empty(),
        "schemas without a description: {schemas:?}"
    );
    assert!(
        properties.is_empty(),
        "properties without a description: {properties:#?}"
    );
}

/// Every JSON request body and every JSON success answer shows an example (Spectral, in
/// `make test`, checks each against its schema).
#[test]
fn every_request_body_and_success_answer_has_an_example() {
    let doc: Value = serde_json::from_str(&crm_api::openapi::document_json()).unwrap();
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let bodies = op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(media, c)| (format!("request {media}"), c));
            let answers = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(status, _)| status.starts_with('2'))
                .flat_map(|(status, r)| {
                    r["content"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(move |(media, c)| (format!("{status} {media}"), c))
                });
            for (what, content) in bodies.chain(answers) {
                if what.ends_with("json") && content.get("example").is_none() {
                    missing.push(format!("{method} {path}: {what}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "without an example: {missing:#?}");
}

#[test]
fn batch_items_take_the_body_their_action_takes_and_name_what_it_needs() {
    let doc: Value = serde_json::from_str(&crm_api::openapi::document_json()).unwrap();
    let s = &doc["components"]["schemas"];
    for (noun, field, create, patch) in [
        (
            "Person",
            "person",
            "CreatePersonRequest",
            "UpdatePersonRequest",
        ),
        (
            "Company",
            "company",
            "CreateCompanyRequest",
            "UpdateCompanyRequest",
        ),
    ] {
        for (action, body, needs) in [
            ("Create", create, vec!["action", field]),
            ("Update", patch, vec!["action", "id", field]),
            ("Upsert", create, vec!["action", "match_on", field]),
        ] {
            let v = &s[format!("{noun}BatchItem{action}")];
            assert_eq!(
                v["properties"][field]["$ref"],
                format!("#/components/schemas/{body}")
            );
            assert_eq!(v["required"], json!(needs), "{noun} {action}");
        }
    }
    assert!(
        s["CreateCompanyRequest"]["required"]
            .as_array()
            .unwrap()
            .contains(&json!("name")),
        "a company create item without a name is refused by the schema too"
    );
}
