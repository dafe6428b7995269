//! The journal of every change: an audit entry and an outbox event, written by the
//! adapter inside the transaction of the change itself.

use crate::entities::{audit_event, outbox_event};
use crate::error::Result;
use crate::time;
use crm_core::{Actor, EventType, new_id};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, QueryTrait, Statement};
use serde_json::{Map, Value};
use uuid::Uuid;

/// One change to record.
pub(crate) struct Change {
    /// What happened, from its area's catalogue (`person.created`…).
    pub event: EventType,
    pub resource_id: Uuid,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The fields that differ between `before` and `after`, as `{field: {before, after}}`.
pub(crate) fn diff(before: Option<&Value>, after: Option<&Value>) -> Value {
    let empty = Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    for key in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        let (bv, av) = (b.get(key), a.get(key));
        if bv != av && !matches!(key.as_str(), "updated_at" | "version") {
            let mut entry = Map::new();
            entry.insert("before".into(), bv.cloned().unwrap_or(Value::Null));
            entry.insert("after".into(), av.cloned().unwrap_or(Value::Null));
            out.insert(key.clone(), Value::Object(entry));
        }
    }
    Value::Object(out)
}

/// Whether a value says nothing: null, an empty list, or an object of such values.
fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(blank),
        _ => false,
    }
}

/// The key a creation's audit changes are stored under: `{"$created": {field: value}}`,
/// read back as `{field: {"before": null, "after": value}}` by [`expand`]. No field of a
/// resource starts with `$`.
const CREATED: &str = "$created";

/// Fields a creation does not list: bookkeeping, and what the audit entry already holds
/// (the resource's id, its organisation, the time).
fn unlisted(field: &str) -> bool {
    matches!(
        field,
        "updated_at" | "version" | "id" | "org_id" | "created_at"
    )
}

/// The audit changes of a creation, stored compactly under [`CREATED`]: every field
/// that has a value (a field left empty did not change), once.
#[derive(serde::Serialize)]
struct Created<'a> {
    #[serde(rename = "$created")]
    fields: Filled<'a>,
}

/// The fields of a new record a creation lists.
struct Filled<'a>(&'a Map<String, Value>);

impl serde::Serialize for Filled<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.0 {
            if !unlisted(k) && !blank(v) {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

/// Stored audit changes as the API shows them: a compact creation becomes
/// `{field: {"before": null, "after": value}}`; anything else is shown as stored.
pub(crate) fn expand(stored: Value) -> Value {
    match stored {
        Value::Object(mut o) if o.len() == 1 && o.get(CREATED).is_some_and(Value::is_object) => {
            let Some(Value::Object(fields)) = o.remove(CREATED) else {
                return Value::Object(o);
            };
            let out: Map<String, Value> = fields
                .into_iter()
                .map(|(k, after)| {
                    let mut entry = Map::new();
                    entry.insert("before".into(), Value::Null);
                    entry.insert("after".into(), after);
                    (k, Value::Object(entry))
                })
                .collect();
            Value::Object(out)
        }
        other => other,
    }
}

/// An outbox event's payload.
#[derive(serde::Serialize)]
struct Payload<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    resource_id: Uuid,
    data: &'a Value,
}

/// Writes the audit entry and the outbox event of `change`.
pub(crate) async fn record<C: ConnectionTrait>(c: &C, actor: &Actor, change: Change) -> Result<()> {
    record_many(c, actor, vec![change]).await
}

/// Writes the audit entry and outbox event of a change to one resource, from its
/// domain value before and after (`None` for a creation's before or a deletion's after).
pub(crate) async fn record_change<C: ConnectionTrait, T: serde::Serialize>(
    c: &C,
    actor: &Actor,
    event: EventType,
    resource_id: Uuid,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    record(
        c,
        actor,
        Change {
            event,
            resource_id,
            before: before.map(crate::repos::json),
            after: after.map(crate::repos::json),
        },
    )
    .await
}

/// Writes the audit entries and outbox events of many changes, in multi-row inserts.
pub(crate) async fn record_many<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    changes: Vec<Change>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let backend = c.get_database_backend();
    if changes.len() <= ROWS_PER_INSERT {
        // One round trip for both tables.
        c.execute_raw(crate::one_trip::join(
            backend,
            statements(backend, actor, changes),
        ))
        .await?;
        return Ok(());
    }
    let (audits, events) = rows(actor, changes);
    insert_chunks(c, audits).await?;
    insert_chunks(c, events).await
}

/// The two INSERTs (audit entries, outbox events) of at most [`ROWS_PER_INSERT`]
/// changes, to send with the statement of the change itself.
pub(crate) fn statements(
    backend: DbBackend,
    actor: &Actor,
    changes: Vec<Change>,
) -> [Statement; 2] {
    let (audits, events) = rows(actor, changes);
    [
        audit_event::Entity::insert_many(audits).build(backend),
        outbox_event::Entity::insert_many(events).build(backend),
    ]
}

/// The audit entries and outbox events of `changes`, to insert.
pub(crate) fn rows(
    actor: &Actor,
    changes: Vec<Change>,
) -> (
    Vec<audit_event::ActiveModel>,
    Vec<outbox_event::ActiveModel>,
) {
    let now = time::now();
    let mut audits = Vec::with_capacity(changes.len());
    let mut events = Vec::with_capacity(changes.len());
    for change in changes {
        let action = change.event.name.to_string();
        let diffed = match (&change.before, &change.after) {
            // A creation lists every field; written straight from the record, no copies.
            (None, Some(Value::Object(after))) => serde_json::to_string(&Created {
                fields: Filled(after),
            }),
            (before, after) => serde_json::to_string(&diff(before.as_ref(), after.as_ref())),
        }
        .unwrap_or_else(|_| "{}".into());
        audits.push(audit_event::ActiveModel {
            id: Set(new_id()),
            org_id: Set(actor.org_id.0),
            occurred_at: Set(now),
            actor_kind: Set(actor.principal.kind().to_string()),
            actor_id: Set(actor.principal.id()),
            request_id: Set(actor.request_id.clone()),
            action: Set(action.clone()),
            resource_type: Set(change.event.resource.to_string()),
            resource_id: Set(change.resource_id),
            changes: Set(diffed),
        });
        let data = change.after.or(change.before).unwrap_or(Value::Null);
        let payload = serde_json::to_string(&Payload {
            kind: &action,
            resource_id: change.resource_id,
            data: &data,
        })
        .unwrap_or_else(|_| "{}".into());
        events.push(outbox_event::ActiveModel {
            id: Set(new_id()),
            org_id: Set(actor.org_id.0),
            occurred_at: Set(now),
            event_type: Set(action),
            resource_type: Set(change.event.resource.to_string()),
            resource_id: Set(change.resource_id),
            payload: Set(payload),
            published_at: Set(None),
        });
    }
    (audits, events)
}

/// The most rows one multi-row INSERT carries (SQLite allows 32,766 bound values).
pub(crate) const ROWS_PER_INSERT: usize = 1000;

/// Inserts `rows` in multi-row statements of at most [`ROWS_PER_INSERT`].
pub(crate) async fn insert_chunks<C, A>(c: &C, rows: Vec<A>) -> Result<()>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_keeps_only_changed_fields_and_skips_bookkeeping() {
        let d = diff(
            Some(&json!({"name": "Ada", "role": "sales", "version": 1})),
            Some(&json!({"name": "Ada", "role": "admin", "version": 2})),
        );
        assert_eq!(d, json!({"role": {"before": "sales", "after": "admin"}}));
    }

    #[test]
    fn a_creation_is_stored_once_per_filled_field_and_read_back_as_a_diff_from_nothing() {
        let after = json!({"id": "p1", "org_id": "o1", "name": "Ada", "tags": ["a"],
            "note": null, "links": [], "source": {"channel": null, "detail": null},
            "version": 1, "created_at": "2026-12-03T00:00:00Z"});
        let empty = Map::new();
        let stored = serde_json::to_value(Created {
            fields: Filled(after.as_object().unwrap_or(&empty)),
        });
        assert_eq!(
            stored.as_ref().ok(),
            Some(&json!({"$created": {"name": "Ada", "tags": ["a"]}}))
        );
        let filled = json!({"name": "Ada", "tags": ["a"]});
        assert_eq!(stored.ok().map(expand), Some(diff(None, Some(&filled))));
    }

    #[test]
    fn stored_changes_that_are_not_a_compact_creation_read_back_as_stored() {
        for stored in [
            json!({"role": {"before": "sales", "after": "admin"}}),
            json!({"erased": true}),
            json!({"$created": "not an object"}),
            json!({}),
        ] {
            assert_eq!(expand(stored.clone()), stored);
        }
    }

    #[test]
    fn diff_of_a_creation_lists_every_field() {
        let d = diff(None, Some(&json!({"name": "Ada"})));
        assert_eq!(d, json!({"name": {"before": null, "after": "Ada"}}));
    }
}
