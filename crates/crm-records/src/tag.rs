//! Tags: an organisation-wide catalogue of short labels, put on any taggable record.

use chrono::{DateTime, Utc};
use crm_core::FieldError;
use serde::Serialize;
use uuid::Uuid;

pub const MAX_TAG_LENGTH: usize = 50;
pub const MAX_TAGS_PER_RECORD: usize = 50;

/// A tag of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A tag name, trimmed and lower-cased so `VIP` and `vip` are one tag.
pub fn tag_name(raw: &str, field: &str) -> Result<String, FieldError> {
    let name = raw.trim().to_lowercase();
    if name.is_empty() || name.chars().count() > MAX_TAG_LENGTH {
        return Err(FieldError::new(
            field,
            "invalid_length",
            format!("a tag is 1 to {MAX_TAG_LENGTH} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "invalid_format",
            "a tag may not hold control characters",
        ));
    }
    Ok(name)
}

/// A record's tags: each valid, duplicates folded, at most [`MAX_TAGS_PER_RECORD`].
pub fn tag_names(raw: &[String], field: &str) -> Result<Vec<String>, Vec<FieldError>> {
    if raw.len() > MAX_TAGS_PER_RECORD {
        return Err(vec![FieldError::new(
            field,
            "too_many",
            format!("at most {MAX_TAGS_PER_RECORD} tags"),
        )]);
    }
    let mut errors = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        match tag_name(t, &format!("{field}[{i}]")) {
            Ok(n) if !out.contains(&n) => out.push(n),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_fold_case_and_duplicates() {
        let t = tag_names(&["VIP ".into(), "vip".into(), "Newsletter".into()], "tags")
            .unwrap_or_default();
        assert_eq!(t, ["vip", "newsletter"]);
    }

    #[test]
    fn empty_and_overlong_tags_are_refused_by_position() {
        let e = tag_names(&["ok".into(), " ".into(), "x".repeat(51)], "tags")
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["tags[1]", "tags[2]"]);
    }
}
