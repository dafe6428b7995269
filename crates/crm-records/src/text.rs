//! Checks of free text every area's records share.

use crm_core::FieldError;
use crm_core::error::Errors;
use serde_json::Value;

/// A trimmed optional text of at most `max` characters; blank becomes `None`.
pub fn text(errors: &mut Errors, field: &str, v: Option<String>, max: usize) -> Option<String> {
    // The documented limit applies to the value as sent, before trimming.
    if v.as_ref().is_some_and(|s| s.chars().count() > max) {
        errors.push(field, "invalid_length", format!("at most {max} characters"));
    }
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An optional `http` or `https` URL of at most `max` characters.
pub fn http_url(errors: &mut Errors, field: &str, v: Option<String>, max: usize) -> Option<String> {
    let url = text(errors, field, v, max)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    if !rest
        .is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
    {
        errors.push(field, "invalid_format", "must be an http or https URL");
    }
    Some(url)
}

/// The one character no text may hold: PostgreSQL cannot store it in `text` or `jsonb`,
/// and C string functions (SQLite's among them) stop at it.
pub const NUL: char = '\0';

/// The refusal of a text holding [`NUL`], naming where it was found.
pub fn nul_error(field: impl Into<String>) -> FieldError {
    FieldError::new(
        field,
        "invalid_character",
        "text may not contain the NUL character (U+0000)",
    )
}

/// Where in a JSON value a string or an object key holds [`NUL`], named as the body's
/// other errors are (`emails[0].value`, `.` for the value itself), or `None`.
pub fn nul_in(value: &Value) -> Option<String> {
    fn walk(v: &Value, path: &mut String) -> bool {
        match v {
            Value::String(s) => s.contains(NUL),
            Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(item, path);
                if !found {
                    path.truncate(len);
                }
                found
            }),
            Value::Object(fields) => fields.iter().any(|(k, item)| {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&k.replace(NUL, "\\u0000"));
                let found = k.contains(NUL) || walk(item, path);
                if !found {
                    path.truncate(len);
                }
                found
            }),
            _ => false,
        }
    }
    let mut path = String::new();
    walk(value, &mut path).then(|| if path.is_empty() { ".".into() } else { path })
}

/// One field of a checked patch: absent (`None`), cleared (`Some(None)`) or set.
pub type Field<T> = Option<Option<T>>;

/// A patched field every record has (a channel, a title): `null` is refused.
pub fn not_null<T>(errors: &mut Errors, field: &str, v: Field<T>) -> Option<T> {
    match v {
        Some(None) => {
            errors.push(
                field,
                "not_nullable",
                "cannot be null; omit the field to leave it unchanged",
            );
            None
        }
        Some(Some(v)) => Some(v),
        None => None,
    }
}

/// A list of ids (a record's links), each kept once in the order given; more than
/// `max` is an error naming `field`.
pub fn distinct<T: Copy + Eq + std::hash::Hash>(
    errors: &mut Errors,
    field: &str,
    v: Vec<T>,
    max: usize,
) -> Vec<T> {
    if v.len() > max {
        errors.push(field, "too_many", format!("at most {max}"));
    }
    let mut seen = std::collections::HashSet::new();
    v.into_iter().filter(|id| seen.insert(*id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_http_url_needs_its_scheme_and_a_host() {
        let mut e = Errors::new();
        assert!(http_url(&mut e, "u", Some("https://x.example/p".into()), 100).is_some());
        assert!(http_url(&mut e, "u", None, 100).is_none());
        assert!(e.is_empty());
        for bad in [
            "ftp://x",
            "https://",
            "http:///x",
            "https://a b",
            "x.example",
        ] {
            let mut e = Errors::new();
            http_url(&mut e, "u", Some(bad.into()), 100);
            assert!(!e.is_empty(), "{bad}");
        }
    }

    #[test]
    fn a_nul_is_found_in_strings_and_keys_and_named_by_its_path() {
        use serde_json::json;
        assert_eq!(nul_in(&json!({"a": "x", "b": [1, "y"]})), None);
        assert_eq!(nul_in(&json!("a\u{0}")), Some(".".into()));
        assert_eq!(nul_in(&json!({"name": "a\u{0}b"})), Some("name".into()));
        assert_eq!(
            nul_in(&json!({"emails": [{"value": "a"}, {"value": "\u{0}"}]})),
            Some("emails[1].value".into())
        );
        assert_eq!(
            nul_in(&json!({"filter": {"all": [{"field": "x", "eq": "\u{0}"}]}})),
            Some("filter.all[0].eq".into())
        );
        assert_eq!(
            nul_in(&json!({"custom": {"k\u{0}": 1}})),
            Some("custom.k\\u0000".into())
        );
    }
}
