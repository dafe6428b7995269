//! `?sort=` parsing against the fields a resource documents as sortable.

use crate::error::FieldError;
use std::borrow::Cow;

/// How a sortable field's values compare and travel inside a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKind {
    Text,
    Integer,
    Timestamp,
    Uuid,
    Date,
    Boolean,
}

/// A field a list may be sorted by. Record columns are never null, so one row-value
/// comparison pages through them; custom fields may be unset (`nullable`), and unset
/// values sort last in either direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortField {
    pub name: Cow<'static, str>,
    pub kind: SortKind,
    pub nullable: bool,
}

impl SortField {
    pub const fn new(name: &'static str, kind: SortKind) -> Self {
        Self {
            name: Cow::Borrowed(name),
            kind,
            nullable: false,
        }
    }

    /// A record column that may be empty (a person's names): unset values sort last.
    pub const fn optional(name: &'static str, kind: SortKind) -> Self {
        Self {
            name: Cow::Borrowed(name),
            kind,
            nullable: true,
        }
    }

    /// A field that may have no value, such as `custom_fields.<key>`.
    pub fn nullable(name: String, kind: SortKind) -> Self {
        Self {
            name: Cow::Owned(name),
            kind,
            nullable: true,
        }
    }
}

/// The most fields one sort may name (the id included).
pub const MAX_SORT_FIELDS: usize = 5;

/// A validated sort: one or more fields in one direction, with the id as the final
/// tie-break (in the same direction) so the order is total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub fields: Vec<SortField>,
    pub descending: bool,
}

impl Sort {
    /// The sort by id alone, ascending: creation order, since ids are UUID v7.
    pub fn by_id() -> Self {
        Self {
            fields: Vec::new(),
            descending: false,
        }
    }

    /// The canonical text of this sort, stored in cursors so a cursor cannot be
    /// replayed under another sort.
    pub fn canonical(&self) -> String {
        let sign = if self.descending { "-" } else { "" };
        if self.fields.is_empty() {
            return format!("{sign}id");
        }
        self.fields
            .iter()
            .map(|f| format!("{sign}{}", f.name))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses `field,other` or `-field,-other` against `allowed`. Every field must share
    /// one direction:
    /// keyset pages use a single row-value comparison, which has one direction.
    pub fn parse(raw: Option<&str>, allowed: &[SortField]) -> Result<Sort, FieldError> {
        let Some(raw) = raw.map(str::trim) else {
            return Ok(Sort::by_id());
        };
        let names = || {
            let mut v: Vec<&str> = allowed.iter().map(|f| f.name.as_ref()).collect();
            v.push("id");
            v.join(", ")
        };
        if raw.split(',').count() > MAX_SORT_FIELDS {
            return Err(FieldError::new(
                "sort",
                "too_many_fields",
                format!("name at most {MAX_SORT_FIELDS} fields"),
            ));
        }
        let mut fields = Vec::new();
        let mut direction: Option<bool> = None;
        for part in raw.split(',') {
            let part = part.trim();
            if part.is_empty() {
                return Err(FieldError::new(
                    "sort",
                    "invalid_value",
                    format!("name a field: {}", names()),
                ));
            }
            let (desc, name) = match part.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, part.strip_prefix('+').unwrap_or(part)),
            };
            if direction.is_some_and(|d| d != desc) {
                return Err(FieldError::new(
                    "sort",
                    "mixed_direction",
                    "all sort fields must use the same direction",
                ));
            }
            direction = Some(desc);
            if name == "id" {
                // The id is always the last key; naming it only sets the direction.
                continue;
            }
            let Some(field) = allowed.iter().find(|f| f.name == name) else {
                return Err(FieldError::new(
                    "sort",
                    "unknown_field",
                    format!("cannot sort by '{name}'; sortable fields: {}", names()),
                ));
            };
            // A field named again adds nothing to the order.
            if fields.contains(field) {
                continue;
            }
            fields.push(field.clone());
        }
        Ok(Sort {
            fields,
            descending: direction.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[SortField] = &[
        SortField::new("created_at", SortKind::Timestamp),
        SortField::new("email", SortKind::Text),
    ];

    #[test]
    fn missing_sort_means_id_ascending() {
        assert_eq!(Sort::parse(None, FIELDS).ok(), Some(Sort::by_id()));
        assert!(
            Sort::parse(Some(" "), FIELDS).is_err(),
            "an empty sort is a mistake, not a default"
        );
    }

    #[test]
    fn descending_fields_share_the_direction() {
        let s = Sort::parse(Some("-created_at,-email"), FIELDS).ok();
        assert_eq!(s.as_ref().map(|s| s.descending), Some(true));
        assert_eq!(
            s.map(|s| s.canonical()),
            Some("-created_at,-email".to_string())
        );
    }

    #[test]
    fn mixed_directions_are_rejected() {
        let e = Sort::parse(Some("created_at,-email"), FIELDS).err();
        assert_eq!(e.map(|e| e.code), Some("mixed_direction".to_string()));
    }

    #[test]
    fn unknown_fields_are_rejected_with_the_allowed_list() {
        let e = Sort::parse(Some("password_hash"), FIELDS).err();
        assert!(e.is_some_and(|e| e.message.contains("created_at, email, id")));
    }

    #[test]
    fn a_field_named_again_adds_nothing_and_more_than_five_parts_are_refused() {
        let s = Sort::parse(Some("email,created_at,email"), FIELDS).ok();
        assert_eq!(
            s.map(|s| s.canonical()),
            Some("email,created_at".to_string())
        );
        let e = Sort::parse(Some("email,email,email,email,email,id"), FIELDS).err();
        assert_eq!(e.map(|e| e.code), Some("too_many_fields".to_string()));
    }
}
