//! A normalised, valid email address.

use crate::error::FieldError;
use serde::Serialize;
use validator::ValidateEmail;

/// An email address, trimmed and lower-cased; it cannot hold an invalid value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses `raw`, reporting a failure against `field`.
    pub fn parse(raw: &str, field: &str) -> Result<Email, FieldError> {
        let normalised = raw.trim().to_lowercase();
        if normalised.len() > 254 || !normalised.validate_email() {
            return Err(FieldError::new(
                field,
                "invalid_format",
                "must be a valid email address",
            ));
        }
        Ok(Email(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ", "email")
                .map(Email::into_inner)
                .ok(),
            Some("ada@example.com".into())
        );
    }

    #[test]
    fn invalid_emails_are_rejected_naming_the_field() {
        for bad in ["", "ada", "ada@", "@example.com", "a b@example.com"] {
            let e = Email::parse(bad, "email").err();
            assert_eq!(e.map(|e| e.field), Some("email".to_string()), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-zA-Z0-9._%+-]{1,20}", domain in "[a-zA-Z0-9-]{1,20}\\.[a-z]{2,6}") {
            if let Ok(e) = Email::parse(&format!("{local}@{domain}"), "email") {
                prop_assert_eq!(Email::parse(e.as_str(), "email").ok(), Some(e));
            }
        }
    }
}
