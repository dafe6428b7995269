//! The event catalogue in the OpenAPI document: every area's event types published as
//! webhooks (OpenAPI 3.1), each with the schema of its payload, so integrators
//! subscribe by name and generate types. The payload is the outbox event:
//! `{type, resource_id, data}`, where `data` is the resource as `GET` returns it.

use crm_core::EventType;
use crm_core::filter::{FieldCatalogue, FieldType};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use utoipa::openapi::{OpenApi, PathItem, RefOr, Schema};

/// Every area's catalogue; a new domain crate adds its `events::ALL` here.
pub const CATALOGUES: &[&[EventType]] = &[
    crm_accounts::events::ALL,
    crm_customers::events::ALL,
    crm_interactions::events::ALL,
    crm_opportunities::events::ALL,
    crm_delivery::events::ALL,
];

/// `api_key` → `ApiKey`.
fn camel(resource: &str) -> String {
    resource
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The schema of the events of one resource.
fn payload(resource: &str, names: &[&str], merges: bool) -> Value {
    let dto = json!({"$ref": format!("#/components/schemas/{}Dto", camel(resource))});
    let data = if merges {
        json!({
            "description": format!("The {resource} after the change (before it, for a deletion); for a record merged into another, only `merged_into`; null for an erasure."),
            "anyOf": [dto, {
                "type": "object",
                "required": ["merged_into"],
                "properties": {"merged_into": {"type": "string", "format": "uuid", "description": "The survivor it was merged into."}}
            }, {"type": "null"}]
        })
    } else {
        json!({
            "description": format!("The {resource} after the change (before it, for a deletion)."),
            "allOf": [dto]
        })
    };
    json!({
        "type": "object",
        "description": format!("An event about a {resource}, as the outbox holds it and webhooks deliver it."),
        "required": ["type", "resource_id", "data"],
        "properties": {
            "type": {"type": "string", "enum": names, "description": "The event type."},
            "resource_id": {"type": "string", "format": "uuid", "description": format!("The {resource} it is about.")},
            "data": data
        }
    })
}

/// The webhook of one event type.
fn webhook(e: &EventType) -> Value {
    json!({
        "post": {
            "operationId": format!("event_{}", e.name.replace('.', "_")),
            "summary": e.summary,
            "description": format!("Sent when `{}` happens. Answer any 2xx to acknowledge it.", e.name),
            "tags": ["events"],
            "requestBody": {
                "required": true,
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}Event", camel(e.resource))}}}
            },
            "responses": {"2XX": {"description": "Received"}}
        }
    })
}

/// Adds every event type as a webhook and every resource's payload as a component.
pub fn publish(doc: &mut OpenApi) -> Result<(), serde_json::Error> {
    let all: Vec<&EventType> = CATALOGUES.iter().flat_map(|c| c.iter()).collect();
    let mut by_resource: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut hooks = Map::new();
    for e in &all {
        by_resource.entry(e.resource).or_default().push(e.name);
        hooks.insert(e.name.to_string(), webhook(e));
    }
    let components = doc.components.get_or_insert_with(Default::default);
    for (resource, names) in by_resource {
        let merges = names
            .iter()
            .any(|n| n.ends_with(".merged") || n.ends_with(".erased"));
        let schema: Schema = serde_json::from_value(payload(resource, &names, merges))?;
        components
            .schemas
            .insert(format!("{}Event", camel(resource)), RefOr::T(schema));
    }
    let mut webhooks = doc.webhooks.take().unwrap_or_default();
    for (name, hook) in hooks {
        let item: PathItem = serde_json::from_value(hook)?;
        webhooks.paths.insert(name, item);
    }
    doc.webhooks = Some(webhooks);
    Ok(())
}

/// The type a condition gives a property of a resource's schema in `doc` (a JSON
/// value of the document), and whether it may be null; `None` for what a condition
/// cannot compare (objects, money, numbers with a fraction).
fn field_type(doc: &Value, prop: &Value) -> Option<(FieldType, bool)> {
    let schemas = &doc["components"]["schemas"];
    let resolve = |v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => schemas[r.trim_start_matches("#/components/schemas/")].clone(),
            None => v.clone(),
        }
    };
    // `oneOf: [{type: null}, {$ref}]`, `allOf: [{$ref}]`: the one schema inside.
    let mut nullable = false;
    let mut p = prop.clone();
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = prop.get(key).and_then(Value::as_array) {
            nullable |= list.iter().any(|s| s["type"] == "null");
            p = list.iter().find(|s| s["type"] != "null").cloned()?;
        }
    }
    let p = resolve(&p);
    let types: Vec<&str> = match &p["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    nullable |= types.contains(&"null");
    let ty = match types.iter().find(|t| **t != "null").copied()? {
        "string" => match (
            p.get("enum").and_then(Value::as_array),
            p["format"].as_str(),
        ) {
            (Some(e), _) => FieldType::Enum(
                e.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
            ),
            (None, Some("uuid")) => FieldType::Uuid,
            (None, Some("date-time")) => FieldType::Timestamp,
            (None, Some("date")) => FieldType::Date,
            _ => FieldType::Text,
        },
        "integer" => FieldType::Integer,
        "boolean" => FieldType::Boolean,
        "array" if resolve(&p["items"])["type"] == "string" => FieldType::TextSet,
        _ => return None,
    };
    Some((ty, nullable))
}

/// Every area's event types, with the fields of each resource's events a webhook
/// endpoint's condition may name (`data.<field>`), read from the resources' schemas in
/// the document, so a condition names what the payload holds.
pub fn catalogue(doc: &OpenApi) -> crm_delivery::service::EventCatalogue {
    let doc = serde_json::to_value(doc).unwrap_or_default();
    let events: Vec<EventType> = CATALOGUES.iter().flat_map(|c| c.iter().copied()).collect();
    let mut fields = std::collections::HashMap::new();
    for e in &events {
        if fields.contains_key(e.resource) {
            continue;
        }
        let schema = &doc["components"]["schemas"][format!("{}Dto", camel(e.resource))];
        let mut c = FieldCatalogue::new();
        for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
            if let Some((ty, nullable)) = field_type(&doc, prop) {
                c = c.field(name.clone(), ty, nullable);
            }
        }
        fields.insert(e.resource, c);
    }
    crm_delivery::service::EventCatalogue { events, fields }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_event_fields_are_read_from_its_schema() {
        let c = catalogue(&crate::openapi::document());
        let person = c.condition_fields(&["person.*".to_string()]);
        let ty = |n: &str| person.get(n).map(|f| f.ty.clone());
        assert!(matches!(
            ty("data.lifecycle_stage"),
            Some(FieldType::Enum(_))
        ));
        assert_eq!(ty("data.id"), Some(FieldType::Uuid));
        assert_eq!(ty("data.created_at"), Some(FieldType::Timestamp));
        assert_eq!(ty("data.last_name"), Some(FieldType::Text));
        assert_eq!(ty("data.tags"), Some(FieldType::TextSet));
        assert_eq!(ty("resource_id"), Some(FieldType::Uuid));
        assert!(
            person.get("data.name").is_none(),
            "a company's field is not a person's"
        );
    }

    #[test]
    fn resources_name_their_schemas_in_camel_case() {
        assert_eq!(camel("api_key"), "ApiKey");
        assert_eq!(camel("person"), "Person");
        assert_eq!(camel("custom_field"), "CustomField");
    }
}
