//! Checks of free text every area's records share.

use crm_core::error::Errors;

/// A trimmed optional text of at most `max` characters; blank becomes `None`.
pub fn text(errors: &mut Errors, field: &str, v: Option<String>, max: usize) -> Option<String> {
    // The documented limit applies to the value as sent, before trimming.
    if v.as_ref().is_some_and(|s| s.chars().count() > max) {
        errors.push(field, "invalid_length", format!("at most {max} characters"));
    }
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
