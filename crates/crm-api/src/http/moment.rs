//! A point in time as a query parameter: an RFC 3339 date-time, or a plain date meaning
//! its midnight in UTC (`created_after=2026-01-31`), so the first filter an operator
//! types works; anything else is a 400 that says which formats are taken.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer};

/// What the document says a moment looks like; the server takes exactly these shapes
/// (and refuses a calendar date that does not exist).
pub const MOMENT_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$";

/// A date-time, or a date read as its midnight in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment(pub DateTime<Utc>);

impl Moment {
    pub fn parse(s: &str) -> Option<Moment> {
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Moment(t.with_timezone(&Utc)));
        }
        let date = (s.len() == 10)
            .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .flatten()?;
        Some(Moment(date.and_hms_opt(0, 0, 0)?.and_utc()))
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Moment::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(
                "must be a date (2026-01-31, midnight UTC) or a date-time (2026-01-31T09:30:00Z)",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Moment;

    #[test]
    fn a_date_is_its_midnight_in_utc_and_a_date_time_keeps_its_offset() {
        let day = Moment::parse("2026-01-31").map(|m| m.0.to_rfc3339());
        assert_eq!(day.as_deref(), Some("2026-01-31T00:00:00+00:00"));
        let t = Moment::parse("2026-01-31T09:30:00+02:00").map(|m| m.0.to_rfc3339());
        assert_eq!(t.as_deref(), Some("2026-01-31T07:30:00+00:00"));
        assert!(Moment::parse("2026-02-30").is_none());
        assert!(Moment::parse("31/01/2026").is_none());
        assert!(Moment::parse("2026-01-31T09:30").is_none());
    }

    #[test]
    fn the_documented_pattern_takes_both_shapes() {
        let re = regex::Regex::new(super::MOMENT_PATTERN).unwrap();
        for ok in [
            "2026-01-31",
            "2026-01-31T09:30:00Z",
            "2026-01-31T09:30:00.5+02:00",
        ] {
            assert!(re.is_match(ok), "{ok}");
            assert!(Moment::parse(ok).is_some(), "{ok}");
        }
        assert!(!re.is_match("2026-01-31T09:30"));
    }

    #[test]
    fn every_moment_parameter_in_the_document_carries_this_pattern() {
        let doc = serde_json::to_value(crate::openapi::document()).unwrap();
        for (path, name) in [
            ("/v1/people", "created_after"),
            ("/v1/people", "updated_before"),
            ("/v1/users", "created_after"),
            ("/v1/audit-events", "occurred_after"),
        ] {
            let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
            let p = params.iter().find(|p| p["name"] == name).unwrap();
            assert_eq!(
                p["schema"]["pattern"],
                super::MOMENT_PATTERN,
                "{path} {name}"
            );
        }
    }
}
