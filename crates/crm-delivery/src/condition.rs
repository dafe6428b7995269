//! An endpoint's condition on the events it receives: a filter tree (the language of
//! every search, `all`/`any`/`not` over `field op value`) over the event, whose fields
//! are `type`, `resource_id` and `data.<field>` of the resource. It is checked against
//! the resources' field catalogues when saved (`crm_core::filter::Filter::parse`), and
//! evaluated here against each event's JSON when the relay fans it out: the checked
//! tree's values have the types of the fields, so comparing them with the event's values
//! as JSON gives what the typed comparison would. A field the event lacks, or null, is
//! missing: every comparison with it is false, `is_null` true.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::Value;
use std::cmp::Ordering;
use std::str::FromStr;

/// The event's value at a condition's field (`type`, `resource_id`, `data.stage`).
fn at<'a>(event: &'a Value, field: &str) -> Option<&'a Value> {
    let v = match field.strip_prefix("data.") {
        Some(rest) => event.get("data")?.get(rest)?,
        None => event.get(field)?,
    };
    (!v.is_null()).then_some(v)
}

/// Text compares without regard to case, as searches do.
fn fold(s: &str) -> String {
    s.to_lowercase()
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => fold(x) == fold(y),
        _ => order(a, b) == Some(Ordering::Equal) || a == b,
    }
}

/// How two scalars order: as numbers (JSON numbers or decimal strings), as instants
/// (RFC 3339), or as text.
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    let num = |v: &Value| match v {
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        Value::String(s) => Decimal::from_str(s).ok(),
        _ => None,
    };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Some(x.cmp(&y));
    }
    let (Value::String(x), Value::String(y)) = (a, b) else {
        return None;
    };
    let instant = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    match (instant(x), instant(y)) {
        (Some(p), Some(q)) => Some(p.cmp(&q)),
        _ => Some(x.as_str().cmp(y.as_str())),
    }
}

fn leaf(c: &serde_json::Map<String, Value>, event: &Value) -> bool {
    let field = c.get("field").and_then(Value::as_str).unwrap_or_default();
    let op = c.get("op").and_then(Value::as_str).unwrap_or_default();
    let want = c.get("value").unwrap_or(&Value::Null);
    let found = at(event, field);
    if op == "is_null" {
        return found.is_none() == want.as_bool().unwrap_or(true);
    }
    let Some(v) = found else {
        return false;
    };
    let list = want.as_array().map(Vec::as_slice).unwrap_or_default();
    match (op, v) {
        ("in", Value::Array(set)) => list.iter().any(|w| set.iter().any(|x| same(x, w))),
        ("not_in", Value::Array(set)) => !list.iter().any(|w| set.iter().any(|x| same(x, w))),
        ("contains", Value::Array(set)) => set.iter().any(|x| same(x, want)),
        ("in", _) => list.iter().any(|w| same(v, w)),
        ("not_in", _) => !list.iter().any(|w| same(v, w)),
        ("eq", _) => same(v, want),
        ("neq", _) => !same(v, want),
        ("contains", Value::String(s)) => want.as_str().is_some_and(|w| fold(s).contains(&fold(w))),
        ("starts_with", Value::String(s)) => {
            want.as_str().is_some_and(|w| fold(s).starts_with(&fold(w)))
        }
        ("lt", _) => order(v, want) == Some(Ordering::Less),
        ("lte", _) => matches!(order(v, want), Some(Ordering::Less | Ordering::Equal)),
        ("gt", _) => order(v, want) == Some(Ordering::Greater),
        ("gte", _) => matches!(order(v, want), Some(Ordering::Greater | Ordering::Equal)),
        _ => false,
    }
}

/// `true` when `event` (`{type, resource_id, data}`) meets the checked `condition`.
pub fn matches(condition: &Value, event: &Value) -> bool {
    let Some(node) = condition.as_object() else {
        return false;
    };
    if let Some(all) = node.get("all").and_then(Value::as_array) {
        return all.iter().all(|n| matches(n, event));
    }
    if let Some(any) = node.get("any").and_then(Value::as_array) {
        return any.iter().any(|n| matches(n, event));
    }
    if let Some(not) = node.get("not") {
        return !matches(not, event);
    }
    leaf(node, event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({"type": "person.updated", "resource_id": "01a25274-16e2-71d9-8f98-f97978bab7d7",
               "data": {"lifecycle_stage": "customer", "last_name": "Lovelace", "tags": ["VIP", "b2b"],
                        "score": 42, "spend": "1200.50", "updated_at": "2026-12-07T10:00:00Z", "owner_id": null}})
    }

    fn check(c: Value) -> bool {
        matches(&c, &event())
    }

    #[test]
    fn conditions_compare_the_events_fields_as_a_search_would() {
        assert!(check(
            json!({"field": "type", "op": "eq", "value": "person.updated"})
        ));
        assert!(check(
            json!({"field": "data.lifecycle_stage", "op": "in", "value": ["lead", "customer"]})
        ));
        assert!(
            check(json!({"field": "data.last_name", "op": "eq", "value": "LOVELACE"})),
            "text ignores case"
        );
        assert!(check(
            json!({"field": "data.last_name", "op": "starts_with", "value": "love"})
        ));
        assert!(check(
            json!({"field": "data.tags", "op": "contains", "value": "vip"})
        ));
        assert!(check(
            json!({"field": "data.tags", "op": "not_in", "value": ["churned"]})
        ));
        assert!(check(
            json!({"field": "data.score", "op": "gte", "value": 42})
        ));
        assert!(
            check(json!({"field": "data.spend", "op": "gt", "value": "999.99"})),
            "decimals as numbers, not text"
        );
        assert!(
            !check(
                json!({"field": "data.updated_at", "op": "lt", "value": "2026-12-07T11:00:00+01:00"})
            ),
            "the same instant in another offset"
        );
        assert!(check(
            json!({"field": "data.updated_at", "op": "lte", "value": "2026-12-07T11:00:00+01:00"})
        ));
    }

    #[test]
    fn a_missing_field_fails_every_comparison_but_is_null() {
        assert!(check(
            json!({"field": "data.owner_id", "op": "is_null", "value": true})
        ));
        assert!(check(
            json!({"field": "data.nickname", "op": "is_null", "value": true})
        ));
        assert!(!check(
            json!({"field": "data.nickname", "op": "neq", "value": "x"})
        ));
        assert!(!check(
            json!({"field": "data.last_name", "op": "is_null", "value": true})
        ));
    }

    #[test]
    fn groups_combine_their_conditions() {
        let stage = json!({"field": "data.lifecycle_stage", "op": "eq", "value": "customer"});
        let lead = json!({"field": "data.lifecycle_stage", "op": "eq", "value": "lead"});
        assert!(check(json!({"all": [stage, {"not": lead}]})));
        assert!(check(json!({"any": [lead, stage]})));
        assert!(!check(json!({"all": [lead, stage]})));
    }
}
