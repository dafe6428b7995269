//! Contact points of a person: email addresses and phone numbers, each with a label and
//! exactly one primary, phones normalised to E.164.

use crm_core::{Email, FieldError};
use serde::{Deserialize, Serialize};

/// The most emails or phones one person may hold.
pub const MAX_CONTACT_POINTS: usize = 20;

/// What a contact point is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactLabel {
    Work,
    Home,
    Mobile,
    Other,
}

impl ContactLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactLabel::Work => "work",
            ContactLabel::Home => "home",
            ContactLabel::Mobile => "mobile",
            ContactLabel::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ContactLabel> {
        [
            ContactLabel::Work,
            ContactLabel::Home,
            ContactLabel::Mobile,
            ContactLabel::Other,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }
}

/// An email address of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPoint {
    pub address: String,
    pub label: ContactLabel,
    pub primary: bool,
}

/// A phone number of a person, in E.164 (`+442071838750`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhonePoint {
    pub number: String,
    pub label: ContactLabel,
    pub primary: bool,
}

/// A contact point as given: the raw value, its label and whether it is the primary.
#[derive(Debug, Clone)]
pub struct RawPoint {
    pub value: String,
    pub label: ContactLabel,
    pub primary: bool,
}

/// Whether `code` is an ISO 3166 region the phone metadata knows (`GB`, `US`, `FR`…).
pub fn known_region(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && code.parse::<phonenumber::country::Id>().is_ok()
}

/// Normalises a phone number to E.164. Numbers without a country code are read in
/// `default_region` (ISO 3166 alpha-2), if the organisation has one.
pub fn normalise_phone(raw: &str, default_region: Option<&str>) -> Result<String, String> {
    let region = default_region.and_then(|r| r.parse::<phonenumber::country::Id>().ok());
    let parsed = phonenumber::parse(region, raw.trim()).map_err(|_| {
        if region.is_none() && !raw.trim().starts_with('+') {
            "must be an international number starting with + and the country code".to_string()
        } else {
            "is not a phone number".to_string()
        }
    })?;
    if !phonenumber::is_valid(&parsed) {
        return Err("is not a valid phone number".into());
    }
    Ok(parsed.format().mode(phonenumber::Mode::E164).to_string())
}

/// Checks a list of points: each valid, none twice, at most one primary (the first
/// becomes primary when none is marked). `field` is the list's name in errors.
fn points<T>(
    raw: Vec<RawPoint>,
    field: &str,
    parse: impl Fn(&str) -> Result<String, String>,
    make: impl Fn(String, ContactLabel, bool) -> T,
) -> Result<Vec<T>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if raw.len() > MAX_CONTACT_POINTS {
        errors.push(FieldError::new(
            field,
            "too_many",
            format!("at most {MAX_CONTACT_POINTS} entries"),
        ));
        return Err(errors);
    }
    if raw.iter().filter(|p| p.primary).count() > 1 {
        errors.push(FieldError::new(
            field,
            "several_primary",
            "only one entry may be primary",
        ));
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        match parse(&p.value) {
            Ok(v) if seen.contains(&v) => errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "duplicate",
                format!("{v} is listed twice"),
            )),
            Ok(v) => {
                seen.push(v.clone());
                out.push((v, p.label, p.primary));
            }
            Err(message) => errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "invalid_format",
                message,
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let none_primary = !out.iter().any(|(_, _, p)| *p);
    Ok(out
        .into_iter()
        .enumerate()
        .map(|(i, (v, l, p))| make(v, l, p || (none_primary && i == 0)))
        .collect())
}

pub fn emails(raw: Vec<RawPoint>, field: &str) -> Result<Vec<EmailPoint>, Vec<FieldError>> {
    points(
        raw,
        field,
        |v| {
            Email::parse(v, field)
                .map(Email::into_inner)
                .map_err(|e| e.message)
        },
        |address, label, primary| EmailPoint {
            address,
            label,
            primary,
        },
    )
}

pub fn phones(
    raw: Vec<RawPoint>,
    field: &str,
    region: Option<&str>,
) -> Result<Vec<PhonePoint>, Vec<FieldError>> {
    points(
        raw,
        field,
        |v| normalise_phone(v, region),
        |number, label, primary| PhonePoint {
            number,
            label,
            primary,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(v: &str, primary: bool) -> RawPoint {
        RawPoint {
            value: v.into(),
            label: ContactLabel::Work,
            primary,
        }
    }

    #[test]
    fn phones_are_normalised_to_e164() {
        assert_eq!(
            normalise_phone("+44 20 7183 8750", None).ok(),
            Some("+442071838750".into())
        );
        assert_eq!(
            normalise_phone("020 7183 8750", Some("GB")).ok(),
            Some("+442071838750".into())
        );
        assert_eq!(
            normalise_phone("(415) 555-2671", Some("US")).ok(),
            Some("+14155552671".into())
        );
        assert!(
            normalise_phone("020 7183 8750", None).is_err(),
            "no region, no country code"
        );
        assert!(normalise_phone("+44 12", None).is_err());
        assert!(normalise_phone("call me", Some("GB")).is_err());
    }

    #[test]
    fn the_first_entry_becomes_primary_when_none_is_marked() {
        let e = emails(vec![raw("A@x.com", false), raw("b@x.com", false)], "emails")
            .unwrap_or_default();
        assert_eq!(e[0].address, "a@x.com");
        assert!(e[0].primary && !e[1].primary);
    }

    #[test]
    fn duplicates_and_two_primaries_are_refused_naming_the_entry() {
        let e = emails(vec![raw("a@x.com", true), raw("A@X.com", true)], "emails")
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = e
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [("emails", "several_primary"), ("emails[1]", "duplicate")]
        );
        let e = phones(
            vec![raw("+44 20 7183 8750", false), raw("nope", false)],
            "phones",
            None,
        )
        .err()
        .unwrap_or_default();
        assert_eq!(e[0].field, "phones[1]");
    }
}
