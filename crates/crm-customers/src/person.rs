//! A person: the shared record of one customer or prospect.

use crate::address::{self, Address, SocialProfile};
use crate::contact::{self, EmailPoint, PhonePoint, RawPoint};
use crate::custom_field::{self, CustomField, FieldValue};
use crate::lifecycle::LifecycleStage;
use crate::tag;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::error::Errors;
use crm_core::ids::{OrgId, PersonId, UserId};
use crm_core::{DomainError, DomainResult, FieldError};
use crm_records::ports::Identified;
use serde::Serialize;

/// How a record arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Source {
    /// `web_form`, `import`, `referral`, `campaign`, `event`, `manual`, `api`, `email`
    /// (an inbound message from an unknown sender), `other`.
    pub channel: Option<String>,
    /// Free detail: the campaign, the referrer, the file…
    pub detail: Option<String>,
}

pub const SOURCE_CHANNELS: [&str; 9] = [
    "web_form", "import", "referral", "campaign", "event", "manual", "api", "email", "other",
];

/// A person as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub org_id: OrgId,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub emails: Vec<EmailPoint>,
    pub phones: Vec<PhonePoint>,
    pub lifecycle_stage: LifecycleStage,
    pub owner_id: Option<UserId>,
    pub source: Source,
    pub external_id: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub addresses: Vec<Address>,
    pub social_profiles: Vec<SocialProfile>,
    pub tags: Vec<String>,
    /// The current consent of each channel and purpose that has a ledger entry.
    pub consents: Vec<crate::consent::ConsentState>,
    /// Custom field values by key.
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Person {
    type Id = PersonId;
}

/// A validated person to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPerson {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub emails: Vec<EmailPoint>,
    pub phones: Vec<PhonePoint>,
    pub lifecycle_stage: LifecycleStage,
    pub owner_id: Option<UserId>,
    pub source: Source,
    pub external_id: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub addresses: Vec<Address>,
    pub social_profiles: Vec<SocialProfile>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A validated merge-patch: `None` leaves a field, `Some(None)` clears it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonPatch {
    pub first_name: Option<Option<String>>,
    pub last_name: Option<Option<String>>,
    pub emails: Option<Vec<EmailPoint>>,
    pub phones: Option<Vec<PhonePoint>>,
    pub lifecycle_stage: Option<LifecycleStage>,
    pub owner_id: Option<Option<UserId>>,
    pub source: Option<Source>,
    pub external_id: Option<Option<String>>,
    pub language: Option<Option<String>>,
    pub time_zone: Option<Option<String>>,
    pub birthday: Option<Option<NaiveDate>>,
    pub addresses: Option<Vec<Address>>,
    pub social_profiles: Option<Vec<SocialProfile>>,
    pub tags: Option<Vec<String>>,
    /// Custom fields to set (`Some`) or clear (`None`); others stay.
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// Fields of a person as given by a caller, before validation.
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub emails: Vec<RawPoint>,
    pub phones: Vec<RawPoint>,
    pub lifecycle_stage: Option<LifecycleStage>,
    pub owner_id: Option<UserId>,
    pub source_channel: Option<String>,
    pub source_detail: Option<String>,
    pub external_id: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub addresses: Vec<Address>,
    pub social_profiles: Vec<SocialProfile>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

pub use crm_records::text::text;

/// The rules a change to a stored person must keep, checked by the repository inside
/// the change's transaction: a stage moves only as the lifecycle allows (409).
pub fn check_stage_move(from: LifecycleStage, to: LifecycleStage) -> DomainResult<()> {
    if from.can_move_to(to) {
        return Ok(());
    }
    Err(DomainError::conflict(format!(
        "a person cannot move from {} to {}",
        from.as_str(),
        to.as_str()
    )))
}

/// A person keeps a name, an email or a phone (422 naming `first_name`), after a patch
/// as at creation.
pub fn check_identifiable(p: &Person) -> DomainResult<()> {
    if p.first_name.is_none() && p.last_name.is_none() && p.emails.is_empty() && p.phones.is_empty()
    {
        return Err(DomainError::field(
            "first_name",
            "required",
            "a person needs a name, an email or a phone",
        ));
    }
    Ok(())
}

/// An IETF language tag such as `en` or `pt-BR` (shape only).
pub fn language(errors: &mut Errors, v: Option<String>) -> Option<String> {
    let v = text(errors, "language", v, 35)?;
    let ok = v.split('-').enumerate().all(|(i, part)| {
        let len_ok = if i == 0 {
            (2..=3).contains(&part.len())
        } else {
            (2..=8).contains(&part.len())
        };
        len_ok && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if !ok {
        errors.push(
            "language",
            "invalid_format",
            "must be a language tag such as en or pt-BR",
        );
    }
    Some(v)
}

/// An IANA time zone name such as `Europe/Paris` (shape only).
pub fn time_zone(errors: &mut Errors, v: Option<String>) -> Option<String> {
    let v = text(errors, "time_zone", v, 64)?;
    let ok = v == "UTC"
        || (v.contains('/')
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c)));
    if !ok {
        errors.push(
            "time_zone",
            "invalid_format",
            "must be an IANA time zone such as Europe/Paris",
        );
    }
    Some(v)
}

pub fn source_channel(errors: &mut Errors, v: Option<String>) -> Option<String> {
    let v = text(errors, "source.channel", v, 40)?;
    if !SOURCE_CHANNELS.contains(&v.as_str()) {
        errors.push(
            "source.channel",
            "invalid_value",
            format!("must be one of: {}", SOURCE_CHANNELS.join(", ")),
        );
    }
    Some(v)
}

pub fn birthday(errors: &mut Errors, v: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
    let v = v?;
    if v > today || v < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(v) {
        errors.push(
            "birthday",
            "out_of_range",
            "must be between 1900-01-01 and today",
        );
    }
    Some(v)
}

fn extend<T>(errors: &mut Errors, r: Result<T, Vec<FieldError>>) -> Option<T> {
    r.map_err(|e| errors.extend(e)).ok()
}

impl PersonInput {
    /// Validates every field at once; `region` reads phones without a country code.
    pub fn validate(
        self,
        region: Option<&str>,
        today: NaiveDate,
        defs: &[CustomField],
    ) -> DomainResult<NewPerson> {
        let mut errors = Errors::new();
        let first_name = text(&mut errors, "first_name", self.first_name, 100);
        let last_name = text(&mut errors, "last_name", self.last_name, 100);
        let emails = extend(&mut errors, contact::emails(self.emails, "emails"));
        let phones = extend(&mut errors, contact::phones(self.phones, "phones", region));
        if first_name.is_none()
            && last_name.is_none()
            && emails.as_ref().is_some_and(Vec::is_empty)
            && phones.as_ref().is_some_and(Vec::is_empty)
        {
            errors.push(
                "first_name",
                "required",
                "a person needs a name, an email or a phone",
            );
        }
        let source = Source {
            channel: source_channel(&mut errors, self.source_channel),
            detail: text(&mut errors, "source.detail", self.source_detail, 500),
        };
        let external_id = text(&mut errors, "external_id", self.external_id, 255);
        let language = language(&mut errors, self.language);
        let time_zone = time_zone(&mut errors, self.time_zone);
        let birthday = birthday(&mut errors, self.birthday, today);
        let tags = extend(&mut errors, tag::tag_names(&self.tags, "tags"));
        let addresses = extend(&mut errors, address::addresses(self.addresses, "addresses"));
        let social_profiles = extend(
            &mut errors,
            address::profiles(self.social_profiles, "social_profiles"),
        );
        let custom = extend(
            &mut errors,
            custom_field::check_all(defs, &self.custom_fields, true),
        );
        let new = NewPerson {
            first_name,
            last_name,
            emails: emails.unwrap_or_default(),
            phones: phones.unwrap_or_default(),
            lifecycle_stage: self.lifecycle_stage.unwrap_or(LifecycleStage::Lead),
            owner_id: self.owner_id,
            source,
            external_id,
            language,
            time_zone,
            birthday,
            addresses: addresses.unwrap_or_default(),
            social_profiles: social_profiles.unwrap_or_default(),
            tags: tags.unwrap_or_default(),
            custom_fields: custom
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(d, v)| v.map(|v| (d, v)))
                .collect(),
        };
        errors.finish(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::ContactLabel;
    use crm_core::DomainError;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
    }

    fn fields(r: DomainResult<NewPerson>) -> Vec<String> {
        match r {
            Err(DomainError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
            other => vec![format!("expected a validation error, got {other:?}")],
        }
    }

    #[test]
    fn a_person_needs_a_name_or_a_contact_point() {
        assert_eq!(
            fields(PersonInput::default().validate(None, today(), &[])),
            ["first_name"]
        );
        let only_email = PersonInput {
            emails: vec![RawPoint {
                value: "a@b.co".into(),
                label: ContactLabel::Work,
                primary: false,
            }],
            ..Default::default()
        };
        let p = only_email.validate(None, today(), &[]);
        assert!(p.is_ok_and(|p| p.lifecycle_stage == LifecycleStage::Lead && p.emails[0].primary));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = PersonInput {
            first_name: Some("Ada".into()),
            language: Some("english!".into()),
            time_zone: Some("Mars".into()),
            birthday: NaiveDate::from_ymd_opt(2999, 1, 1),
            source_channel: Some("carrier pigeon".into()),
            tags: vec!["".into()],
            ..Default::default()
        };
        assert_eq!(
            fields(bad.validate(None, today(), &[])),
            [
                "source.channel",
                "language",
                "time_zone",
                "birthday",
                "tags[0]"
            ]
        );
    }
}
