//! Merge-patch fields: absent leaves a value unchanged, `null` clears it, a value sets it.

use serde::{Deserialize, Deserializer};

/// One field of a merge-patch body. Use with `#[serde(default)]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Patch<T> {
    #[default]
    Absent,
    Null,
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            None => Patch::Null,
            Some(v) => Patch::Value(v),
        })
    }
}

impl<T> Patch<T> {
    /// The domain's three-way form: `None` absent, `Some(None)` cleared, `Some(Some(v))` set.
    pub fn map_field<U>(self, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
        match self {
            Patch::Absent => None,
            Patch::Null => Some(None),
            Patch::Value(v) => Some(Some(f(v))),
        }
    }

    /// For a field that cannot be cleared: `null` is an error naming `field`.
    pub fn required(self, field: &str, errors: &mut crm_core::error::Errors) -> Option<T> {
        match self {
            Patch::Absent => None,
            Patch::Null => {
                errors.push(
                    field,
                    "not_nullable",
                    "cannot be null; omit the field to leave it unchanged",
                );
                None
            }
            Patch::Value(v) => Some(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        name: Patch<String>,
    }

    #[test]
    fn absent_null_and_value_are_told_apart() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::from_str::<Body>("{}")?.name, Patch::Absent);
        assert_eq!(
            serde_json::from_str::<Body>(r#"{"name":null}"#)?.name,
            Patch::Null
        );
        assert_eq!(
            serde_json::from_str::<Body>(r#"{"name":"x"}"#)?.name,
            Patch::Value("x".into())
        );
        Ok(())
    }
}
