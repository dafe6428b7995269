//! Examples for every operation: each JSON request body and each success answer that
//! has none of its own gets one built from its schema (the examples its properties
//! carry, then enums, formats and types), so Swagger UI and generated clients show a
//! body the server accepts. Spectral checks each against its schema in `make test`.

use serde_json::{Map, Value, json};
use utoipa::openapi::{Content, OpenApi, RefOr};

/// How many references deep an example follows (the filter tree refers to itself).
const DEPTH: usize = 8;

/// Which way a body goes: an answer shows every property; a request only the required
/// ones and those worth showing (with an example of their own, or a structure), not a
/// made-up cursor or sort order a client would copy.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Side {
    Request,
    Answer,
}

/// Fills the missing examples of every operation's request body and success answers.
pub(super) fn document(doc: &mut OpenApi) {
    let schemas: Map<String, Value> = doc
        .components
        .as_ref()
        .and_then(|c| serde_json::to_value(&c.schemas).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    for item in doc.paths.paths.values_mut() {
        for op in super::operations(item) {
            if let Some(RefOr::T(body)) = op.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(content) = content {
                        fill(content, &schemas, Side::Request);
                    }
                }
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let (true, RefOr::T(r)) = (status.starts_with('2'), response) {
                    for content in r.content.values_mut() {
                        if let RefOr::T(content) = content {
                            fill(content, &schemas, Side::Answer);
                        }
                    }
                }
            }
        }
    }
}

fn fill(content: &mut Content, schemas: &Map<String, Value>, side: Side) {
    if content.example.is_some() || !content.examples.is_empty() {
        return;
    }
    let Some(schema) = content
        .schema
        .as_ref()
        .and_then(|s| serde_json::to_value(s).ok())
    else {
        return;
    };
    // Binary bodies (CSV uploads, exports) are described, not exemplified.
    if schema.get("format").and_then(Value::as_str) == Some("binary")
        || schema.get("contentMediaType").is_some()
    {
        return;
    }
    content.example = Some(Examples { schemas, side }.of(&schema, 0));
}

/// Builds instances of the document's schemas.
pub(super) struct Examples<'a> {
    pub schemas: &'a Map<String, Value>,
    pub side: Side,
}

impl Examples<'_> {
    /// An instance of `schema`.
    pub(super) fn of(&self, schema: &Value, depth: usize) -> Value {
        if let Some(v) = own_example(schema) {
            return v.clone();
        }
        if let Some(target) = self.target(schema) {
            return if depth < DEPTH {
                self.of(target, depth + 1)
            } else {
                Value::Null
            };
        }
        if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
            return first.clone();
        }
        // A union; an object's own `anyOf` (a rule across its fields) is not one.
        for key in ["oneOf", "anyOf"]
            .into_iter()
            .filter(|_| type_of(schema).is_none())
        {
            if let Some(variants) = schema.get(key).and_then(Value::as_array) {
                let shown = variants
                    .iter()
                    .find(|v| v.get("type").and_then(Value::as_str) != Some("null"));
                return shown.map_or(Value::Null, |v| self.of(v, depth));
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                match self.of(part, depth) {
                    Value::Object(o) => merged.extend(o),
                    other if parts.len() == 1 => return other,
                    _ => {}
                }
            }
            return Value::Object(merged);
        }
        match type_of(schema) {
            Some("object") => self.object(schema, depth),
            Some("array") => match schema.get("items") {
                // Past the depth limit an item would be null: show none.
                Some(items) => match self.of(items, depth) {
                    Value::Null => json!([]),
                    item => json!([item]),
                },
                _ => json!([]),
            },
            Some("string") => string(schema),
            Some("integer") => schema.get("minimum").cloned().unwrap_or(json!(1)),
            Some("number") => schema.get("minimum").cloned().unwrap_or(json!(1.5)),
            Some("boolean") => json!(true),
            _ => Value::Null,
        }
    }

    /// The schema a `$ref` names.
    fn target(&self, schema: &Value) -> Option<&Value> {
        let r = schema.get("$ref")?.as_str()?;
        self.schemas.get(r.rsplit('/').next()?)
    }

    /// The properties of an object this side shows, and one entry of a map whose values
    /// are typed.
    fn object(&self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        for (name, prop) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if self.side == Side::Answer
                || required.contains(&name.as_str())
                || self.worth_showing(prop)
            {
                out.insert(name.clone(), self.of(prop, depth));
            }
        }
        if out.is_empty()
            && let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object())
        {
            out.insert("key".into(), self.of(values, depth));
        }
        Value::Object(out)
    }

    /// An optional request property with an example of its own, or a structure.
    fn worth_showing(&self, prop: &Value) -> bool {
        let prop = match prop.get("oneOf").and_then(Value::as_array) {
            Some(variants) => variants
                .iter()
                .find(|v| v.get("type").and_then(Value::as_str) != Some("null"))
                .unwrap_or(prop),
            None => prop,
        };
        own_example(prop).is_some()
            || prop.get("$ref").is_some()
            || prop.get("items").is_some_and(|i| i.get("$ref").is_some())
    }
}

/// The example a schema gives itself (or its constant, or a non-null default).
fn own_example(schema: &Value) -> Option<&Value> {
    schema
        .get("example")
        .or_else(|| schema.get("examples").and_then(|e| e.get(0)))
        .or_else(|| schema.get("const"))
        .or_else(|| schema.get("default").filter(|d| !d.is_null()))
}

/// The schema's type, the first that is not `null` when it lists several.
fn type_of(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

fn string(schema: &Value) -> Value {
    let s = match schema.get("format").and_then(Value::as_str) {
        Some("uuid") => "0193a6f2-7c3e-7a10-9c4e-2f1d3b5a6c7d",
        Some("date-time") => "2026-01-15T09:30:00Z",
        Some("date") => "2026-01-15",
        Some("email") => "ada@example.com",
        Some("uri") => "https://example.com/",
        _ => {
            let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
            return Value::String("text".repeat(min.div_ceil(4).max(1)));
        }
    };
    Value::String(s.into())
}
