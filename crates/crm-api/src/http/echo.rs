//! Round trips: what a GET returns can be sent back unchanged as a PATCH body. The
//! fields a read shows but a patch does not take (`id`, `version`, timestamps, a
//! person's consents…) are taken out of the body before it is read; each must equal
//! the stored value, or the answer is a 422 naming it. An echoed `version` also acts as
//! `If-Match` when that header is absent, so a change made since the GET is a 412.

use crate::http::error::ApiError;
use crm_core::FieldError;
use serde_json::{Map, Value};
use utoipa::PartialSchema;
use utoipa::openapi::{RefOr, Schema};

/// The property names of `T`'s schema (an object schema; empty for anything else).
pub fn properties<T: PartialSchema>() -> Vec<String> {
    match T::schema() {
        RefOr::T(Schema::Object(o)) => o.properties.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// What `Read` shows that `Patch` does not take: the read-only fields of a round trip.
pub fn read_only<Read: PartialSchema, Patch: PartialSchema>() -> Vec<String> {
    let writable = properties::<Patch>();
    properties::<Read>()
        .into_iter()
        .filter(|p| !writable.contains(p))
        .collect()
}

/// Takes the `read_only` fields out of a body, returning them.
pub fn take(body: &mut Value, read_only: &[String]) -> Map<String, Value> {
    let mut echoed = Map::new();
    if let Value::Object(fields) = body {
        for name in read_only {
            if let Some(v) = fields.remove(name) {
                echoed.insert(name.clone(), v);
            }
        }
    }
    echoed
}

/// Checks each echoed field against the record as a read shows it now (`current`):
/// a 422 names every one that differs. Returns the echoed version, if any.
pub fn check(echoed: &Map<String, Value>, current: &Value) -> Result<Option<i64>, ApiError> {
    let errors: Vec<FieldError> = echoed
        .iter()
        .filter(|(name, v)| current.get(name.as_str()) != Some(*v))
        .map(|(name, _)| {
            FieldError::new(
                name.clone(),
                "read_only",
                format!(
                    "'{name}' is set by the server: send it as a read returned it, or leave it out"
                ),
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(echoed.get("version").and_then(Value::as_i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn echoed_read_only_fields_pass_when_unchanged_and_are_named_when_not() {
        let read_only = vec!["id".to_string(), "version".to_string()];
        let mut body = json!({"id": "a", "version": 3, "first_name": "Ada"});
        let echoed = take(&mut body, &read_only);
        assert_eq!(body, json!({"first_name": "Ada"}));
        let current = json!({"id": "a", "version": 3, "first_name": "Augusta"});
        assert_eq!(check(&echoed, &current).ok(), Some(Some(3)));
        let moved = json!({"id": "a", "version": 4});
        let named = check(&echoed, &moved)
            .err()
            .map(|e| e.errors.iter().map(|f| f.field.clone()).collect::<Vec<_>>());
        assert_eq!(named, Some(vec!["version".to_string()]));
    }
}
