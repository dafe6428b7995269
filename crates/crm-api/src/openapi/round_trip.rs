//! What a round-tripping PATCH takes (`http::echo`): for each operation marked
//! `x-round-trip`, its request schema gains the read-only fields of what the read
//! returns, so a generated client may send a read's body back whole. A request schema
//! used elsewhere too (a batch item's update) stays as it is, and the PATCH gets its
//! own `Patch<Resource>Request`.

use utoipa::openapi::{OpenApi, Ref, RefOr, Schema};

fn ref_name(schema: Option<&RefOr<Schema>>) -> Option<String> {
    match schema? {
        RefOr::Ref(r) => r.ref_location.rsplit('/').next().map(str::to_string),
        RefOr::T(_) => None,
    }
}

/// Gives every `x-round-trip` PATCH its round-trip request schema.
pub(super) fn document(doc: &mut OpenApi) {
    let mut made: Vec<(String, Schema)> = Vec::new();
    let schemas = doc
        .components
        .as_ref()
        .map(|c| c.schemas.clone())
        .unwrap_or_default();
    let text = serde_json::to_string(&doc.paths).unwrap_or_default()
        + &serde_json::to_string(&schemas).unwrap_or_default();
    let uses = |name: &str| {
        text.matches(&format!("\"#/components/schemas/{name}\""))
            .count()
    };
    for item in doc.paths.paths.values_mut() {
        let Some(op) = item.patch.as_mut() else {
            continue;
        };
        if !op
            .extensions
            .as_ref()
            .is_some_and(|e| e.contains_key("x-round-trip"))
        {
            continue;
        }
        let Some(RefOr::T(body)) = op.request_body.as_mut() else {
            continue;
        };
        let Some(RefOr::T(content)) = body.content.get_mut("application/json") else {
            continue;
        };
        let Some(patch_name) = ref_name(content.schema.as_ref()) else {
            continue;
        };
        let read_name = match op.responses.responses.get("200") {
            Some(RefOr::T(r)) => r.content.get("application/json").and_then(|c| match c {
                RefOr::T(c) => ref_name(c.schema.as_ref()),
                RefOr::Ref(_) => None,
            }),
            _ => None,
        };
        let (Some(read_name), Some(RefOr::T(Schema::Object(patch)))) =
            (read_name, schemas.get(&patch_name))
        else {
            continue;
        };
        let Some(RefOr::T(Schema::Object(read))) = schemas.get(&read_name) else {
            continue;
        };
        let mut round_trip = patch.clone();
        for (name, prop) in &read.properties {
            if !round_trip.properties.contains_key(name) {
                round_trip.properties.insert(name.clone(), prop.clone());
            }
        }
        round_trip.description = Some(format!(
            "`{patch_name}`, and the read-only fields of `{read_name}` (accepted when they \
             equal the stored value, a 422 naming them otherwise): what a read returned may \
             be sent back whole."
        ));
        let name = if uses(&patch_name) > 1 {
            format!("Patch{}", patch_name.trim_start_matches("Update"))
        } else {
            patch_name.clone()
        };
        content.schema = Some(RefOr::Ref(Ref::from_schema_name(&name)));
        made.push((name, Schema::Object(round_trip)));
    }
    if let Some(c) = doc.components.as_mut() {
        for (name, schema) in made {
            c.schemas.insert(name, RefOr::T(schema));
        }
    }
}
