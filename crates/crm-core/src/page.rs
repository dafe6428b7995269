//! Keyset pages: the page request, the opaque cursor, and the page returned.

use crate::error::FieldError;
use crate::sort::{Sort, SortKind};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// One sort key's value at the position a cursor points to.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorValue {
    Text(String),
    Integer(i64),
    Timestamp(DateTime<Utc>),
    Uuid(Uuid),
    Date(NaiveDate),
    Bool(bool),
    /// The row has no value for a nullable field.
    Null,
}

impl CursorValue {
    fn to_json(&self) -> Value {
        match self {
            CursorValue::Text(s) => json!(s),
            CursorValue::Integer(i) => json!(i),
            CursorValue::Timestamp(t) => {
                json!(t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true))
            }
            CursorValue::Uuid(u) => json!(u.to_string()),
            CursorValue::Date(d) => json!(d.to_string()),
            CursorValue::Bool(b) => json!(b),
            CursorValue::Null => Value::Null,
        }
    }

    fn from_json(field: &crate::sort::SortField, v: &Value) -> Option<CursorValue> {
        if v.is_null() {
            return field.nullable.then_some(CursorValue::Null);
        }
        match field.kind {
            SortKind::Text => v.as_str().map(|s| CursorValue::Text(s.to_string())),
            SortKind::Integer => v.as_i64().map(CursorValue::Integer),
            SortKind::Timestamp => v
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| CursorValue::Timestamp(t.with_timezone(&Utc))),
            SortKind::Uuid => v
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
                .map(CursorValue::Uuid),
            SortKind::Date => v
                .as_str()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .map(CursorValue::Date),
            SortKind::Boolean => v.as_bool().map(CursorValue::Bool),
        }
    }
}

/// The position after which the next page starts: the last row's sort values and id.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub values: Vec<CursorValue>,
    pub id: Uuid,
}

impl Cursor {
    /// The opaque text handed to clients; it records the sort it belongs to.
    pub fn encode(&self, sort: &Sort) -> String {
        let body = json!({
            "s": sort.canonical(),
            "k": self.values.iter().map(CursorValue::to_json).collect::<Vec<_>>(),
            "i": self.id.to_string(),
        });
        URL_SAFE_NO_PAD.encode(body.to_string())
    }

    /// Decodes a cursor made by [`Cursor::encode`] under the same sort; anything else,
    /// tampered or made for another sort, is an error naming `cursor`.
    pub fn decode(raw: &str, sort: &Sort) -> Result<Cursor, FieldError> {
        let bad = |why: &str| FieldError::new("cursor", "invalid_cursor", why.to_string());
        let bytes = URL_SAFE_NO_PAD
            .decode(raw.trim())
            .map_err(|_| bad("the cursor is not one this API issued"))?;
        let body: Value = serde_json::from_slice(&bytes)
            .map_err(|_| bad("the cursor is not one this API issued"))?;
        if body.get("s").and_then(Value::as_str) != Some(sort.canonical().as_str()) {
            return Err(bad(
                "the cursor belongs to another sort order; start again without a cursor",
            ));
        }
        let keys = body
            .get("k")
            .and_then(Value::as_array)
            .filter(|k| k.len() == sort.fields.len())
            .ok_or_else(|| bad("the cursor is not one this API issued"))?;
        let values = keys
            .iter()
            .zip(&sort.fields)
            .map(|(v, f)| CursorValue::from_json(f, v))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad("the cursor is not one this API issued"))?;
        let id = body
            .get("i")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| bad("the cursor is not one this API issued"))?;
        Ok(Cursor { values, id })
    }
}

/// A validated request for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    pub limit: u64,
    pub sort: Sort,
    pub after: Option<Cursor>,
    pub include_total: bool,
}

impl PageRequest {
    /// Validates `limit`, `sort` and `cursor` together, reporting every bad one.
    pub fn parse(
        limit: Option<i64>,
        cursor: Option<&str>,
        sort: Option<&str>,
        include_total: bool,
        sortable: &[crate::sort::SortField],
    ) -> Result<PageRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(l) if (1..=MAX_LIMIT as i64).contains(&l) => l as u64,
            Some(_) => {
                errors.push(FieldError::new(
                    "limit",
                    "out_of_range",
                    format!("limit must be between 1 and {MAX_LIMIT}"),
                ));
                DEFAULT_LIMIT
            }
        };
        let sort = match Sort::parse(sort, sortable) {
            Ok(s) => Some(s),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let after = match (cursor, &sort) {
            (Some(c), Some(s)) => match Cursor::decode(c, s) {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            _ => None,
        };
        match sort {
            Some(sort) if errors.is_empty() => Ok(PageRequest {
                limit,
                sort,
                after,
                include_total,
            }),
            _ => Err(errors),
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// Converts every item, keeping the cursor and total.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            total: self.total,
        }
    }

    /// Converts every item, or answers the first conversion that fails.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, E>>()?,
            next_cursor: self.next_cursor,
            total: self.total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sort::SortField;
    use proptest::prelude::*;

    const FIELDS: &[SortField] = &[
        SortField::new("created_at", SortKind::Timestamp),
        SortField::new("email", SortKind::Text),
    ];

    #[test]
    fn limit_outside_one_to_two_hundred_is_rejected() {
        for bad in [0, -1, 201] {
            let e = PageRequest::parse(Some(bad), None, None, false, FIELDS).err();
            assert_eq!(e.map(|e| e[0].field.clone()), Some("limit".to_string()));
        }
        assert_eq!(
            PageRequest::parse(None, None, None, false, FIELDS)
                .map(|p| p.limit)
                .ok(),
            Some(50)
        );
    }

    #[test]
    fn a_cursor_made_for_another_sort_is_rejected() {
        let by_email = Sort::parse(Some("email"), FIELDS)
            .ok()
            .unwrap_or_else(Sort::by_id);
        let c = Cursor {
            values: vec![CursorValue::Text("a@b.c".into())],
            id: Uuid::now_v7(),
        };
        let raw = c.encode(&by_email);
        assert!(Cursor::decode(&raw, &Sort::by_id()).is_err());
        assert_eq!(Cursor::decode(&raw, &by_email).ok(), Some(c));
    }

    #[test]
    fn tampered_cursors_are_rejected() {
        for raw in ["!!!", "e30", "eyJzIjoiaWQiLCJrIjpbXSwiaSI6Im5vcGUifQ"] {
            assert!(Cursor::decode(raw, &Sort::by_id()).is_err(), "{raw}");
        }
    }

    #[test]
    fn only_a_nullable_field_may_carry_a_null_in_its_cursor() {
        let fields = [
            SortField::nullable("custom_fields.renewal".into(), SortKind::Date),
            SortField::new("email", SortKind::Text),
        ];
        let sort = Sort::parse(Some("custom_fields.renewal"), &fields).unwrap();
        for value in [
            CursorValue::Null,
            CursorValue::Date(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
        ] {
            let c = Cursor {
                values: vec![value],
                id: Uuid::now_v7(),
            };
            assert_eq!(Cursor::decode(&c.encode(&sort), &sort).ok(), Some(c));
        }
        let by_email = Sort::parse(Some("email"), &fields).unwrap();
        let null = Cursor {
            values: vec![CursorValue::Null],
            id: Uuid::now_v7(),
        };
        assert!(Cursor::decode(&null.encode(&by_email), &by_email).is_err());
    }

    proptest! {
        #[test]
        fn every_cursor_round_trips(text in ".{0,40}", secs in 0i64..4_000_000_000, nanos in 0u32..1_000_000_000) {
            let sort = Sort::parse(Some("-created_at,-email"), FIELDS).ok().unwrap_or_else(Sort::by_id);
            let ts = DateTime::from_timestamp(secs, nanos).unwrap_or_default();
            let c = Cursor { values: vec![CursorValue::Timestamp(ts), CursorValue::Text(text)], id: Uuid::now_v7() };
            prop_assert_eq!(Cursor::decode(&c.encode(&sort), &sort).ok(), Some(c));
        }

        #[test]
        fn arbitrary_text_never_panics_the_decoder(raw in ".{0,200}") {
            let _ = Cursor::decode(&raw, &Sort::by_id());
        }
    }
}
