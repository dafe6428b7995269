//! A point in time as a query parameter: an RFC 3339 date-time, or a plain date meaning
//! its midnight in UTC (`created_after=2026-01-31`), so the first filter an operator
//! types works; anything else is a 400 that says which formats are taken.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer};

/// What the document says a moment looks like: exactly what [`Moment::parse`] takes,
/// calendar included (months of 30 and 31 days, February 29 in leap years only), so a
/// generated client refuses the dates the server would (a test checks both agree).
pub const MOMENT_PATTERN: &str = concat!(
    "^(?:",
    "[0-9]{4}-(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|[0-9]{4}-(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|[0-9]{4}-02-(?:0[1-9]|1[0-9]|2[0-8])",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29",
    ")(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]{1,9})?",
    "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
);

/// A date-time, or a date read as its midnight in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment(pub DateTime<Utc>);

impl Moment {
    pub fn parse(s: &str) -> Option<Moment> {
        // Nanoseconds are the finest a moment keeps: more digits are refused, not cut.
        let fraction = s
            .split_once('.')
            .map_or(0, |(_, f)| f.bytes().take_while(u8::is_ascii_digit).count());
        if fraction > 9 {
            return None;
        }
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

    /// Every date of a spread of years (leap and not, centuries, year 0), every month and
    /// day number around the valid ones, and the edges of each time field: the pattern
    /// matches exactly what the server parses.
    #[test]
    fn the_pattern_takes_exactly_the_moments_the_server_parses() {
        let re = regex::Regex::new(super::MOMENT_PATTERN).unwrap();
        let agree = |s: &str| {
            assert_eq!(re.is_match(s), Moment::parse(s).is_some(), "{s}");
        };
        for year in [0, 1, 4, 100, 400, 1900, 1996, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    agree(&format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
        for time in [
            "00:00:00Z",
            "23:59:59z",
            "24:00:00Z",
            "12:60:00Z",
            "23:59:60Z",
            "12:30:61Z",
            "12:30:00.1Z",
            "12:30:00.123456789Z",
            "12:30:00.1234567890Z",
            "12:30:00+23:59",
            "12:30:00-24:00",
            "12:30:00+05:60",
            "12:30:00",
            "12:30:00+0530",
        ] {
            for sep in ["T", "t", " "] {
                agree(&format!("2024-02-29{sep}{time}"));
            }
        }
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
