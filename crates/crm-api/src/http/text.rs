//! Bounded text: a string longer than its documented limit is refused while parsing,
//! so the limit in the OpenAPI document is the one the server enforces.

use serde::{Deserialize, Deserializer, de::Error};

/// A string of at most `N` characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounded<const N: usize>(pub String);

impl<'de, const N: usize> Deserialize<'de> for Bounded<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.chars().count() > N {
            return Err(D::Error::custom(format!("must be at most {N} characters")));
        }
        Ok(Bounded(s))
    }
}

impl<const N: usize> Bounded<N> {
    pub fn into_inner(self) -> String {
        self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text without surrounding spaces, or `None` when nothing else is left (an
    /// empty `q=` filters nothing).
    pub fn non_blank(&self) -> Option<&str> {
        Some(self.0.trim()).filter(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_no_text_and_the_rest_is_trimmed() {
        assert_eq!(Bounded::<9>(" ada ".into()).non_blank(), Some("ada"));
        assert_eq!(Bounded::<9>("   ".into()).non_blank(), None);
        assert_eq!(Bounded::<9>(String::new()).non_blank(), None);
    }

    #[test]
    fn strings_over_the_limit_are_refused() {
        assert!(serde_json::from_str::<Bounded<3>>("\"abc\"").is_ok());
        assert!(serde_json::from_str::<Bounded<3>>("\"abcd\"").is_err());
        assert!(
            serde_json::from_str::<Bounded<3>>("\"ééé\"").is_ok(),
            "characters, not bytes"
        );
    }
}
