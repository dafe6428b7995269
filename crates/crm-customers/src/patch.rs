//! A merge-patch of a person as given, and its validation.

use crate::address::{self, Address, SocialProfile};
use crate::contact::{self, RawPoint};
use crate::custom_field::{self, CustomField};
use crate::lifecycle::LifecycleStage;
use crate::person::{self, PersonPatch, Source};
use crate::tag;
use chrono::NaiveDate;
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::ids::UserId;

pub use crm_records::text::Field;

/// A patch as given: `None` leaves a field, `Some(None)` clears it. Lists replace the
/// whole list (merge-patch semantics); `null` for a list clears it.
#[derive(Debug, Clone, Default)]
pub struct PersonPatchInput {
    pub first_name: Field<String>,
    pub last_name: Field<String>,
    pub emails: Field<Vec<RawPoint>>,
    pub phones: Field<Vec<RawPoint>>,
    pub lifecycle_stage: Field<LifecycleStage>,
    pub owner_id: Field<UserId>,
    pub source_channel: Field<String>,
    pub source_detail: Field<String>,
    pub external_id: Field<String>,
    pub language: Field<String>,
    pub time_zone: Field<String>,
    pub birthday: Field<NaiveDate>,
    pub addresses: Field<Vec<Address>>,
    pub social_profiles: Field<Vec<SocialProfile>>,
    pub tags: Field<Vec<String>>,
    /// Custom fields to change: a value sets, `null` clears, absent keys stay.
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl PersonPatchInput {
    /// Whether any phone is being set (the region is then needed).
    pub fn sets_phones(&self) -> bool {
        matches!(&self.phones, Some(Some(p)) if !p.is_empty())
    }

    /// Validates every given field at once.
    pub fn validate(
        self,
        region: Option<&str>,
        today: NaiveDate,
        defs: &[CustomField],
    ) -> DomainResult<PersonPatch> {
        let mut e = Errors::new();
        let mut out = PersonPatch {
            first_name: self
                .first_name
                .map(|v| person::text(&mut e, "first_name", v, 100)),
            last_name: self
                .last_name
                .map(|v| person::text(&mut e, "last_name", v, 100)),
            ..Default::default()
        };
        if let Some(v) = self.emails {
            out.emails = contact::emails(v.unwrap_or_default(), "emails")
                .map_err(|x| e.extend(x))
                .ok();
        }
        if let Some(v) = self.phones {
            out.phones = contact::phones(v.unwrap_or_default(), "phones", region)
                .map_err(|x| e.extend(x))
                .ok();
        }
        match self.lifecycle_stage {
            Some(None) => e.push(
                "lifecycle_stage",
                "not_nullable",
                "cannot be null; omit it to leave it unchanged",
            ),
            Some(Some(s)) => out.lifecycle_stage = Some(s),
            None => {}
        }
        out.owner_id = self.owner_id;
        if self.source_channel.is_some() || self.source_detail.is_some() {
            out.source = Some(Source {
                channel: self
                    .source_channel
                    .and_then(|v| person::source_channel(&mut e, v)),
                detail: self
                    .source_detail
                    .and_then(|v| person::text(&mut e, "source.detail", v, 500)),
            });
        }
        out.external_id = self
            .external_id
            .map(|v| person::text(&mut e, "external_id", v, 255));
        out.language = self.language.map(|v| person::language(&mut e, v));
        out.time_zone = self.time_zone.map(|v| person::time_zone(&mut e, v));
        out.birthday = self.birthday.map(|v| person::birthday(&mut e, v, today));
        if let Some(v) = self.addresses {
            out.addresses = address::addresses(v.unwrap_or_default(), "addresses")
                .map_err(|x| e.extend(x))
                .ok();
        }
        if let Some(v) = self.social_profiles {
            out.social_profiles = address::profiles(v.unwrap_or_default(), "social_profiles")
                .map_err(|x| e.extend(x))
                .ok();
        }
        if let Some(v) = self.tags {
            out.tags = tag::tag_names(&v.unwrap_or_default(), "tags")
                .map_err(|x| e.extend(x))
                .ok();
        }
        if !self.custom_fields.is_empty() {
            out.custom_fields = custom_field::check_all(defs, &self.custom_fields, false)
                .map_err(|x| e.extend(x))
                .unwrap_or_default();
        }
        e.finish(out)
    }
}
