//! The journal of every change: an audit entry and an outbox event, written by the
//! adapter inside the transaction of the change itself.

use crate::entities::{audit_event, outbox_event};
use crate::time;
use crm_core::{Actor, new_id};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::{Map, Value};
use uuid::Uuid;

/// One change to record.
pub(crate) struct Change<'a> {
    /// `created`, `updated`, `deleted`, `restored`, `revoked`…
    pub verb: &'a str,
    /// `user`, `api_key`…
    pub resource_type: &'a str,
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

/// Writes the audit entry and the outbox event of `change`.
pub(crate) async fn record<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), DbErr> {
    let now = time::now();
    let action = format!("{}.{}", change.resource_type, change.verb);
    let changes = diff(change.before.as_ref(), change.after.as_ref());
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(new_id()),
        org_id: Set(actor.org_id.0),
        occurred_at: Set(now),
        actor_kind: Set(actor.principal.kind().to_string()),
        actor_id: Set(actor.principal.id()),
        request_id: Set(actor.request_id.clone()),
        action: Set(action.clone()),
        resource_type: Set(change.resource_type.to_string()),
        resource_id: Set(change.resource_id),
        changes: Set(changes.to_string()),
    })
    .exec_without_returning(c)
    .await?;
    let payload = serde_json::json!({
        "type": action,
        "resource_id": change.resource_id,
        "data": change.after.or(change.before).unwrap_or(Value::Null),
    });
    outbox_event::Entity::insert(outbox_event::ActiveModel {
        id: Set(new_id()),
        org_id: Set(actor.org_id.0),
        occurred_at: Set(now),
        event_type: Set(action),
        resource_type: Set(change.resource_type.to_string()),
        resource_id: Set(change.resource_id),
        payload: Set(payload.to_string()),
        published_at: Set(None),
    })
    .exec_without_returning(c)
    .await?;
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
    fn diff_of_a_creation_lists_every_field() {
        let d = diff(None, Some(&json!({"name": "Ada"})));
        assert_eq!(d, json!({"name": {"before": null, "after": "Ada"}}));
    }
}
