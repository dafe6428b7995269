//! Reading a cell as what a field takes: CSV cells are strings, NDJSON values are typed.

use crate::custom_field::{CustomField, FieldKind};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

/// A cell as text: blank and null are absent; numbers and booleans read as written.
pub fn text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err("must be text".into()),
    }
}

/// A date cell: `2026-12-01`, or an RFC 3339 time (its date in UTC).
pub fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc).date_naive())
    })
}

/// A list cell: a JSON array, or text separated by `;`.
pub fn list(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|i| text(i).map(Option::unwrap_or_default))
            .filter(|r| r.as_ref().map_or(true, |s| !s.is_empty()))
            .collect(),
        other => Ok(text(other)?
            .map(|s| {
                s.split(';')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default()),
    }
}

/// A CSV cell read as the JSON value a custom field of `def`'s kind takes.
pub fn custom_value(def: &CustomField, v: &Value) -> Result<Option<Value>, String> {
    let Value::String(s) = v else {
        return Ok(if v.is_null() { None } else { Some(v.clone()) });
    };
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    Ok(Some(match def.kind {
        FieldKind::Number => s
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "must be a whole number".to_string())?,
        FieldKind::Boolean => match s.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => return Err("must be true or false (or yes/no, 1/0)".into()),
        },
        FieldKind::MultiEnum => Value::from(list(v)?),
        FieldKind::Money => {
            let mut parts = s.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(c), None) if c.len() == 3 => json!({"amount": a, "currency": c}),
                (Some(c), Some(a), None) if c.len() == 3 => json!({"amount": a, "currency": c}),
                _ => return Err("must be an amount and a currency such as 12.50 EUR".into()),
            }
        }
        _ => Value::String(s.to_string()),
    }))
}
