//! Round trips: what a GET returns can be sent back unchanged as a PATCH body. The
//! fields a read shows but a patch does not take (`id`, `version`, timestamps, a
//! person's consents…) are taken out of the body before it is read; each must equal
//! the stored value, or the answer is a 422 naming it. An echoed `version` also acts as
//! `If-Match` when that header is absent, so a change made since the GET is a 412.

use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::parse_value;
use crm_core::FieldError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::any::TypeId;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, LazyLock, RwLock};
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

/// [`read_only`], worked out once per pair of types: a schema is built as a whole tree
/// of allocations, too dear for every PATCH (it doubled a person PATCH's CPU).
pub fn read_only_of<Read, Patch>() -> Arc<[String]>
where
    Read: PartialSchema + 'static,
    Patch: PartialSchema + 'static,
{
    type Cache = RwLock<HashMap<(TypeId, TypeId), Arc<[String]>>>;
    static CACHE: LazyLock<Cache> = LazyLock::new(Cache::default);
    let key = (TypeId::of::<Read>(), TypeId::of::<Patch>());
    if let Some(found) = CACHE.read().ok().and_then(|m| m.get(&key).cloned()) {
        return found;
    }
    let names: Arc<[String]> = read_only::<Read, Patch>().into();
    if let Ok(mut m) = CACHE.write() {
        m.insert(key, names.clone());
    }
    names
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
        .filter(|(name, v)| !same(v, current.get(name.as_str()).unwrap_or(&Value::Null)))
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

/// Reads a round-tripping PATCH body as `Req`: the read-only fields of `Read` are taken
/// out and checked against `current()` (called only when some were sent). Returns the
/// request and the version the write requires: `If-Match`'s, else an echoed one.
pub async fn patch_body<Req, Read, Fut>(
    mut raw: Value,
    if_match: Option<i64>,
    current: impl FnOnce() -> Fut,
) -> ApiResult<(Req, Option<i64>)>
where
    Req: DeserializeOwned + PartialSchema + 'static,
    Read: Serialize + PartialSchema + 'static,
    Fut: Future<Output = ApiResult<Read>>,
{
    let echoed = take(&mut raw, &read_only_of::<Read, Req>());
    let request: Req = parse_value(raw)?;
    if echoed.is_empty() {
        return Ok((request, if_match));
    }
    let stored = serde_json::to_value(current().await?).unwrap_or_default();
    let echoed_version = check(&echoed, &stored)?;
    Ok((request, if_match.or(echoed_version)))
}

/// Whether an echoed value is the stored one as a client may write it back: the same
/// instant in another offset (`…Z` or `…+00:00`), the same UUID in another case, and
/// an object's absent member as null.
pub fn same(echoed: &Value, stored: &Value) -> bool {
    match (echoed, stored) {
        (Value::String(a), Value::String(b)) => {
            if a == b {
                return true;
            }
            if let (Ok(x), Ok(y)) = (
                chrono::DateTime::parse_from_rfc3339(a),
                chrono::DateTime::parse_from_rfc3339(b),
            ) {
                return x == y;
            }
            matches!((uuid::Uuid::parse_str(a), uuid::Uuid::parse_str(b)), (Ok(x), Ok(y)) if x == y)
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            let null = Value::Null;
            a.keys()
                .chain(b.keys())
                .all(|k| same(a.get(k).unwrap_or(&null), b.get(k).unwrap_or(&null)))
        }
        (a, b) => a == b,
    }
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

    #[test]
    fn the_read_only_fields_of_a_pair_of_types_are_worked_out_once() {
        use crate::routes::tags::{TagDto, update::UpdateTagRequest};
        let first = read_only_of::<TagDto, UpdateTagRequest>();
        assert_eq!(&first[..], &read_only::<TagDto, UpdateTagRequest>()[..]);
        assert!(first.iter().any(|f| f == "version"));
        assert!(Arc::ptr_eq(
            &first,
            &read_only_of::<TagDto, UpdateTagRequest>()
        ));
    }

    #[test]
    fn a_value_written_back_in_another_notation_is_the_same() {
        let stored = json!({"at": "2026-12-06T06:05:00.123456Z", "id": "0193a0c4-7b1e-7c39-9a4e-2f0d6f1f6a10", "note": null});
        let echoed = json!({"at": "2026-12-06T06:05:00.123456+00:00", "id": "0193A0C4-7B1E-7C39-9A4E-2F0D6F1F6A10"});
        assert!(same(&echoed, &stored));
        assert!(!same(
            &json!({"at": "2026-12-06T06:05:01Z"}),
            &json!({"at": "2026-12-06T06:05:00Z"})
        ));
        assert!(!same(&json!(3), &json!(4)));
    }
}
