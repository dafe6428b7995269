//! Custom fields: an organisation defines extra fields per resource (any area's); values
//! are checked against their definition on every write.

use chrono::{DateTime, NaiveDate, Utc};
use crm_core::error::Errors;
use crm_core::filter::{FieldCatalogue, FieldType};
use crm_core::sort::{SortField, SortKind};
use crm_core::{DomainResult, Email, FieldError};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::str::FromStr;
use uuid::Uuid;

/// The most decimal places a decimal or money value may carry.
pub const MAX_SCALE: u32 = 4;
pub const MAX_OPTIONS: usize = 200;
pub const MAX_TEXT: usize = 2000;

/// What a custom field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// A whole number.
    Number,
    /// An exact decimal, at most four places, written as a string.
    Decimal,
    /// `{"amount": "12.50", "currency": "EUR"}`.
    Money,
    Date,
    Boolean,
    Enum,
    MultiEnum,
    Url,
    Email,
}

impl FieldKind {
    pub const ALL: [FieldKind; 10] = [
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Decimal,
        FieldKind::Money,
        FieldKind::Date,
        FieldKind::Boolean,
        FieldKind::Enum,
        FieldKind::MultiEnum,
        FieldKind::Url,
        FieldKind::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Decimal => "decimal",
            FieldKind::Money => "money",
            FieldKind::Date => "date",
            FieldKind::Boolean => "boolean",
            FieldKind::Enum => "enum",
            FieldKind::MultiEnum => "multi_enum",
            FieldKind::Url => "url",
            FieldKind::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::Enum | FieldKind::MultiEnum)
    }
}

/// Which kind of record a custom field belongs to. The set is open: each area declares
/// the resources it lets organisations extend (`crm_customers::custom_field::PERSON`…),
/// and the name is what the database stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldResource(&'static str);

impl FieldResource {
    /// A resource named `name` (lower-case snake case, as stored).
    pub const fn new(name: &'static str) -> Self {
        Self(name)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The resource of `known` named `s`.
    pub fn parse(s: &str, known: &[FieldResource]) -> Option<FieldResource> {
        known.iter().copied().find(|r| r.0 == s)
    }
}

impl Serialize for FieldResource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// A custom field's definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomField {
    pub id: Uuid,
    pub resource: FieldResource,
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub options: Vec<String>,
    pub required: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A definition to create, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomField {
    pub resource: FieldResource,
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub options: Vec<String>,
    pub required: bool,
}

/// A change to a definition: the label, whether it is required, and options to add
/// (options are never removed while values may use them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomFieldPatch {
    pub label: Option<String>,
    pub required: Option<bool>,
    pub add_options: Vec<String>,
}

fn options(e: &mut Errors, raw: Vec<String>, kind: FieldKind, field: &str) -> Vec<String> {
    if !kind.has_options() {
        if !raw.is_empty() {
            e.push(
                field,
                "not_allowed",
                "only enum and multi_enum fields have options",
            );
        }
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, o) in raw.iter().enumerate() {
        // The limit applies to the option as sent, before trimming, as for every text.
        let too_long = o.chars().count() > 100;
        let o = o.trim().to_string();
        if o.is_empty() || too_long {
            e.push(
                format!("{field}[{i}]"),
                "invalid_length",
                "an option is 1 to 100 characters",
            );
        } else if !out.contains(&o) {
            out.push(o);
        }
    }
    if out.len() > MAX_OPTIONS {
        e.push(field, "too_many", format!("at most {MAX_OPTIONS} options"));
    }
    out
}

impl NewCustomField {
    /// Checks the key (`snake_case`, starting with a letter), label and options.
    pub fn validate(
        resource: FieldResource,
        key: &str,
        label: &str,
        kind: FieldKind,
        raw_options: Vec<String>,
        required: bool,
    ) -> DomainResult<Self> {
        let mut e = Errors::new();
        let key_ok = (1..=64).contains(&key.len())
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            e.push(
                "key",
                "invalid_format",
                "1 to 64 characters: lower-case letters, digits and _, starting with a letter",
            );
        }
        let too_long = label.chars().count() > 200;
        let label = label.trim().to_string();
        if label.is_empty() || too_long {
            e.push("label", "invalid_length", "must be 1 to 200 characters");
        }
        let options = options(&mut e, raw_options, kind, "options");
        if kind.has_options() && options.is_empty() {
            e.push(
                "options",
                "required",
                "enum and multi_enum fields need at least one option",
            );
        }
        e.finish(NewCustomField {
            resource,
            key: key.to_string(),
            label,
            kind,
            options,
            required,
        })
    }
}

impl CustomFieldPatch {
    pub fn validate(
        label: Option<String>,
        required: Option<bool>,
        add_options: Vec<String>,
        kind: FieldKind,
    ) -> DomainResult<Self> {
        let mut e = Errors::new();
        let too_long = label.as_ref().is_some_and(|l| l.chars().count() > 200);
        let label = label.map(|l| l.trim().to_string());
        if too_long || label.as_ref().is_some_and(String::is_empty) {
            e.push("label", "invalid_length", "must be 1 to 200 characters");
        }
        let add_options = options(&mut e, add_options, kind, "add_options");
        e.finish(CustomFieldPatch {
            label,
            required,
            add_options,
        })
    }
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(i64),
    Decimal(Decimal),
    Money {
        amount: Decimal,
        currency: String,
    },
    Date(NaiveDate),
    Boolean(bool),
    /// The options of a multi_enum (an enum's one option is `Text`, shown as a string).
    Options(Vec<String>),
}

impl FieldValue {
    /// The JSON form on the wire.
    pub fn to_json(&self) -> Value {
        match self {
            FieldValue::Text(s) => json!(s),
            FieldValue::Number(n) => json!(n),
            FieldValue::Decimal(d) => json!(d.normalize().to_string()),
            FieldValue::Money { amount, currency } => {
                // At least the currency's minor unit of places: "12.50" EUR, not "12.5".
                let text = crate::money::Currency::parse(currency)
                    .map(|c| c.amount_text(*amount))
                    .unwrap_or_else(|| amount.normalize().to_string());
                json!({"amount": text, "currency": currency})
            }
            FieldValue::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
            FieldValue::Boolean(b) => json!(b),
            FieldValue::Options(o) => json!(o),
        }
    }
}

fn decimal(v: &Value) -> Result<Decimal, String> {
    let s = v
        .as_str()
        .ok_or("must be a decimal string such as \"12.50\", not a number")?;
    let d = Decimal::from_str(s.trim()).map_err(|_| "is not a decimal number".to_string())?;
    if d.scale() > MAX_SCALE {
        return Err(format!("has more than {MAX_SCALE} decimal places"));
    }
    if d.abs() > Decimal::from(900_000_000_000_000i64) {
        return Err("is too large".into());
    }
    Ok(d)
}

/// Checks one value against its definition.
pub fn check(def: &CustomField, v: &Value) -> Result<FieldValue, String> {
    let text = |max: usize| -> Result<String, String> {
        let s = v.as_str().ok_or("must be a string")?.trim().to_string();
        if s.chars().count() > max {
            return Err(format!("must be at most {max} characters"));
        }
        Ok(s)
    };
    match def.kind {
        FieldKind::Text => text(MAX_TEXT).map(FieldValue::Text),
        FieldKind::Number => v
            .as_i64()
            .map(FieldValue::Number)
            .ok_or_else(|| "must be a whole number".into()),
        FieldKind::Decimal => decimal(v).map(FieldValue::Decimal),
        FieldKind::Money => {
            let o = v
                .as_object()
                .ok_or("must be {\"amount\": \"12.50\", \"currency\": \"EUR\"}")?;
            if o.keys().any(|k| k != "amount" && k != "currency") {
                return Err("holds only amount and currency".into());
            }
            let amount = decimal(o.get("amount").ok_or("needs an amount")?)?;
            let currency = o
                .get("currency")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err("needs an ISO 4217 currency such as EUR".into());
            }
            Ok(FieldValue::Money {
                amount,
                currency: currency.to_string(),
            })
        }
        FieldKind::Date => v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map(FieldValue::Date)
            .ok_or_else(|| "must be a date YYYY-MM-DD".into()),
        FieldKind::Boolean => v
            .as_bool()
            .map(FieldValue::Boolean)
            .ok_or_else(|| "must be true or false".into()),
        FieldKind::Enum => {
            let s = v.as_str().ok_or("must be a string")?;
            if def.options.iter().any(|o| o == s) {
                Ok(FieldValue::Text(s.to_string()))
            } else {
                Err(format!("must be one of: {}", def.options.join(", ")))
            }
        }
        FieldKind::MultiEnum => {
            let items = v.as_array().ok_or("must be an array of options")?;
            let mut out: Vec<String> = Vec::new();
            for i in items {
                let s = i.as_str().filter(|s| def.options.iter().any(|o| o == s));
                match s {
                    Some(s) if !out.iter().any(|o| o == s) => out.push(s.to_string()),
                    Some(_) => {}
                    None => {
                        return Err(format!(
                            "every item must be one of: {}",
                            def.options.join(", ")
                        ));
                    }
                }
            }
            Ok(FieldValue::Options(out))
        }
        FieldKind::Url => {
            let s = text(2048)?;
            let rest = s
                .strip_prefix("https://")
                .or_else(|| s.strip_prefix("http://"));
            if rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
                Ok(FieldValue::Text(s))
            } else {
                Err("must be an http or https URL".into())
            }
        }
        FieldKind::Email => Email::parse(&text(254)?, "")
            .map(|e| FieldValue::Text(e.into_inner()))
            .map_err(|e| e.message),
    }
}

/// Checks a record's `custom_fields` object against `defs`. With `creating`, required
/// fields must be present; `null` clears a value (and is refused for required fields).
pub fn check_all(
    defs: &[CustomField],
    given: &Map<String, Value>,
    creating: bool,
) -> Result<Vec<(CustomField, Option<FieldValue>)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (key, v) in given {
        let path = format!("custom_fields.{key}");
        let Some(def) = defs.iter().find(|d| &d.key == key) else {
            errors.push(FieldError::new(
                path,
                "unknown_field",
                format!("'{key}' is not a custom field of this resource"),
            ));
            continue;
        };
        if v.is_null() {
            if def.required {
                errors.push(FieldError::new(
                    path,
                    "required",
                    "this custom field is required",
                ));
            } else {
                out.push((def.clone(), None));
            }
            continue;
        }
        match check(def, v) {
            Ok(fv) => out.push((def.clone(), Some(fv))),
            Err(m) => errors.push(FieldError::new(path, "invalid_value", m)),
        }
    }
    if creating {
        for d in defs
            .iter()
            .filter(|d| d.required && !given.contains_key(&d.key))
        {
            errors.push(FieldError::new(
                format!("custom_fields.{}", d.key),
                "required",
                "this custom field is required",
            ));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The filter type of a custom field's values.
pub fn custom_field_type(def: &CustomField) -> FieldType {
    use FieldKind as K;
    match def.kind {
        K::Text | K::Url | K::Email => FieldType::Text,
        K::Number => FieldType::Integer,
        K::Decimal | K::Money => FieldType::Decimal,
        K::Date => FieldType::Date,
        K::Boolean => FieldType::Boolean,
        K::Enum => FieldType::Enum(def.options.clone()),
        K::MultiEnum => FieldType::TextSet,
    }
}

/// `base` and each custom field as `custom_fields.<key>`, sorting records without a
/// value last (money sorts by amount; multi_enum fields do not sort).
pub fn sort_with_custom_fields(base: &[SortField], defs: &[CustomField]) -> Vec<SortField> {
    use FieldKind as K;
    let mut out = base.to_vec();
    for d in defs {
        let kind = match d.kind {
            K::Text | K::Url | K::Email | K::Enum => SortKind::Text,
            K::Number | K::Decimal | K::Money => SortKind::Integer,
            K::Date => SortKind::Date,
            K::Boolean => SortKind::Boolean,
            K::MultiEnum => continue,
        };
        out.push(SortField::nullable(
            format!("custom_fields.{}", d.key),
            kind,
        ));
    }
    out
}

/// A catalogue with each custom field added as `custom_fields.<key>` (money filters on
/// its amount).
pub fn with_custom_fields(mut catalogue: FieldCatalogue, defs: &[CustomField]) -> FieldCatalogue {
    for d in defs {
        catalogue = catalogue.field(
            format!("custom_fields.{}", d.key),
            custom_field_type(d),
            true,
        );
    }
    catalogue
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERSON: FieldResource = FieldResource::new("person");

    #[test]
    fn a_resource_is_read_back_only_among_those_declared() {
        let deal = FieldResource::new("deal");
        assert_eq!(FieldResource::parse("deal", &[PERSON, deal]), Some(deal));
        assert_eq!(FieldResource::parse("deal", &[PERSON]), None);
        assert_eq!(serde_json::to_value(deal).ok(), Some(json!("deal")));
    }

    fn def(kind: FieldKind, options: &[&str], required: bool) -> CustomField {
        CustomField {
            id: Uuid::now_v7(),
            resource: PERSON,
            key: "f".into(),
            label: "F".into(),
            kind,
            options: options.iter().map(|s| s.to_string()).collect(),
            required,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn values_are_checked_against_their_kind() {
        assert_eq!(
            check(&def(FieldKind::Number, &[], false), &json!(42)),
            Ok(FieldValue::Number(42))
        );
        assert!(check(&def(FieldKind::Number, &[], false), &json!("42")).is_err());
        assert!(
            check(&def(FieldKind::Decimal, &[], false), &json!(1.5)).is_err(),
            "a JSON number is not money-safe"
        );
        assert!(
            check(&def(FieldKind::Decimal, &[], false), &json!("1.23456")).is_err(),
            "more than four places"
        );
        let m = check(
            &def(FieldKind::Money, &[], false),
            &json!({"amount": "1234.50", "currency": "EUR"}),
        );
        assert_eq!(
            m.map(|v| v.to_json()),
            Ok(json!({"amount": "1234.50", "currency": "EUR"}))
        );
        assert!(
            check(
                &def(FieldKind::Money, &[], false),
                &json!({"amount": "1", "currency": "euro"})
            )
            .is_err()
        );
        assert!(check(&def(FieldKind::Enum, &["a", "b"], false), &json!("c")).is_err());
        assert_eq!(
            check(&def(FieldKind::Enum, &["a", "b"], false), &json!("b")).map(|v| v.to_json()),
            Ok(json!("b")),
            "an enum is shown as its one option, not a list"
        );
        assert_eq!(
            check(
                &def(FieldKind::MultiEnum, &["a", "b"], false),
                &json!(["b", "a", "b"])
            ),
            Ok(FieldValue::Options(vec!["b".into(), "a".into()]))
        );
        assert!(
            check(
                &def(FieldKind::Url, &[], false),
                &json!("javascript:alert(1)")
            )
            .is_err()
        );
        assert_eq!(
            check(&def(FieldKind::Email, &[], false), &json!("A@B.CO")),
            Ok(FieldValue::Text("a@b.co".into()))
        );
    }

    #[test]
    fn required_fields_must_be_given_on_create_and_cannot_be_cleared() {
        let defs = [def(FieldKind::Text, &[], true)];
        let errs = check_all(&defs, &Map::new(), true)
            .err()
            .unwrap_or_default();
        assert_eq!(errs[0].field, "custom_fields.f");
        let mut m = Map::new();
        m.insert("f".into(), Value::Null);
        assert!(check_all(&defs, &m, false).is_err());
        m.insert("nope".into(), json!(1));
        let errs = check_all(&defs, &m, false).err().unwrap_or_default();
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn keys_are_snake_case_and_enums_need_options() {
        assert!(
            NewCustomField::validate(PERSON, "Shoe Size", "x", FieldKind::Number, vec![], false)
                .is_err()
        );
        assert!(
            NewCustomField::validate(PERSON, "tier", "Tier", FieldKind::Enum, vec![], false)
                .is_err()
        );
        assert!(
            NewCustomField::validate(
                PERSON,
                "tier",
                "Tier",
                FieldKind::Enum,
                vec!["gold".into()],
                false
            )
            .is_ok()
        );
    }

    #[test]
    fn labels_and_options_are_measured_as_sent_and_must_not_be_blank() {
        let new = |label: &str, options: Vec<String>| {
            NewCustomField::validate(PERSON, "tier", label, FieldKind::Enum, options, false)
        };
        let padded = format!("{}{}", " ".repeat(2), "x".repeat(199));
        assert!(
            new(&padded, vec!["gold".into()]).is_err(),
            "201 characters as sent"
        );
        assert!(new("   ", vec!["gold".into()]).is_err());
        assert!(new("Tier", vec![format!(" {}", "y".repeat(100))]).is_err());
        assert!(new("Tier", vec!["  ".into()]).is_err());
        assert!(new(" Tier ", vec![" gold ".into(), "x".repeat(100)]).is_ok());
        assert!(CustomFieldPatch::validate(Some(padded), None, vec![], FieldKind::Enum).is_err());
    }
}
