//! A company: an organisation the business sells to, with people working there.

use crate::address::{self, Address};
use crate::custom_field::{self, CustomField, FieldValue};
use crate::patch::Field;
use crate::person::{self, Source};
use crate::tag;
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_records::ports::Identified;
use crm_records::records::Checks;
use serde::Serialize;
use uuid::Uuid;

/// Head-count bands (employees), after the EU's SME definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanySize {
    /// 1 to 9
    Micro,
    /// 10 to 49
    Small,
    /// 50 to 249
    Medium,
    /// 250 to 999
    Large,
    /// 1,000 or more
    Enterprise,
}

impl CompanySize {
    pub const ALL: [CompanySize; 5] = [
        CompanySize::Micro,
        CompanySize::Small,
        CompanySize::Medium,
        CompanySize::Large,
        CompanySize::Enterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CompanySize::Micro => "micro",
            CompanySize::Small => "small",
            CompanySize::Medium => "medium",
            CompanySize::Large => "large",
            CompanySize::Enterprise => "enterprise",
        }
    }

    pub fn parse(s: &str) -> Option<CompanySize> {
        CompanySize::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A company as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Company {
    pub id: CompanyId,
    pub org_id: OrgId,
    pub name: String,
    pub domain: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub owner_id: Option<UserId>,
    pub source: Source,
    pub external_id: Option<String>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    /// Custom field values by key.
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Company {
    type Id = CompanyId;
}

/// A validated company to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCompany {
    pub name: String,
    pub domain: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub owner_id: Option<UserId>,
    pub source: Source,
    pub external_id: Option<String>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A validated merge-patch of a company.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompanyPatch {
    pub name: Option<String>,
    pub domain: Field<String>,
    pub website: Field<String>,
    pub industry: Field<String>,
    pub size: Field<CompanySize>,
    pub owner_id: Field<UserId>,
    pub source: Option<Source>,
    pub external_id: Field<String>,
    pub addresses: Option<Vec<Address>>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// A company's fields as given.
#[derive(Debug, Clone, Default)]
pub struct CompanyInput {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub owner_id: Option<UserId>,
    pub source_channel: Option<String>,
    pub source_detail: Option<String>,
    pub external_id: Option<String>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A bare domain name: lower-cased, without scheme, `www.`, path or port.
pub fn domain(errors: &mut Errors, v: Option<String>) -> Option<String> {
    let raw = person::text(errors, "domain", v, 253)?.to_lowercase();
    let host = raw
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or_default()
        .trim_start_matches("www.")
        .to_string();
    let labels_ok = host.split('.').count() >= 2
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !labels_ok {
        errors.push(
            "domain",
            "invalid_format",
            "must be a domain name such as example.com",
        );
    }
    Some(host)
}

/// An `http` or `https` URL.
pub fn website(errors: &mut Errors, v: Option<String>) -> Option<String> {
    crm_records::text::http_url(errors, "website", v, 2048)
}

impl CompanyInput {
    /// Validates every field at once.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewCompany> {
        let mut e = Errors::new();
        let name = person::text(&mut e, "name", self.name, 200);
        if name.is_none() {
            e.push("name", "required", "a company needs a name");
        }
        let new = NewCompany {
            name: name.unwrap_or_default(),
            domain: domain(&mut e, self.domain),
            website: website(&mut e, self.website),
            industry: person::text(&mut e, "industry", self.industry, 100),
            size: self.size,
            owner_id: self.owner_id,
            source: Source {
                channel: person::source_channel(&mut e, self.source_channel),
                detail: person::text(&mut e, "source.detail", self.source_detail, 500),
            },
            external_id: person::text(&mut e, "external_id", self.external_id, 255),
            addresses: address::addresses(self.addresses, "addresses")
                .map_err(|x| e.extend(x))
                .ok()
                .unwrap_or_default(),
            tags: tag::tag_names(&self.tags, "tags")
                .map_err(|x| e.extend(x))
                .ok()
                .unwrap_or_default(),
            custom_fields: custom_field::check_all(defs, &self.custom_fields, true)
                .map_err(|x| e.extend(x))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(d, v)| v.map(|v| (d, v)))
                .collect(),
        };
        e.finish(new)
    }
}

/// A company patch as given (see [`crate::patch::PersonPatchInput`] for the shape).
#[derive(Debug, Clone, Default)]
pub struct CompanyPatchInput {
    pub name: Field<String>,
    pub domain: Field<String>,
    pub website: Field<String>,
    pub industry: Field<String>,
    pub size: Field<CompanySize>,
    pub owner_id: Field<UserId>,
    pub source_channel: Field<String>,
    pub source_detail: Field<String>,
    pub external_id: Field<String>,
    pub addresses: Field<Vec<Address>>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl CompanyPatchInput {
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<CompanyPatch> {
        let mut e = Errors::new();
        let name = match self.name {
            None => None,
            Some(v) => {
                let n = person::text(&mut e, "name", v, 200);
                if n.is_none() {
                    e.push("name", "required", "a company needs a name");
                }
                n
            }
        };
        let mut out = CompanyPatch {
            name,
            domain: self.domain.map(|v| domain(&mut e, v)),
            website: self.website.map(|v| website(&mut e, v)),
            industry: self
                .industry
                .map(|v| person::text(&mut e, "industry", v, 100)),
            size: self.size,
            owner_id: self.owner_id,
            external_id: self
                .external_id
                .map(|v| person::text(&mut e, "external_id", v, 255)),
            ..Default::default()
        };
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
        if let Some(v) = self.addresses {
            out.addresses = address::addresses(v.unwrap_or_default(), "addresses")
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

/// A person's place at a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Employment {
    pub id: Uuid,
    pub person_id: PersonId,
    pub company_id: CompanyId,
    pub title: Option<String>,
    pub role: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The shared record use cases check a company through these.
impl Checks<NewCompany> for CompanyInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewCompany> {
        self.validate(defs)
    }
}

impl Checks<CompanyPatch> for CompanyPatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<CompanyPatch> {
        self.validate(defs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_stripped_to_the_host() {
        let mut e = Errors::new();
        assert_eq!(
            domain(&mut e, Some("https://WWW.Example.com/about".into())),
            Some("example.com".into())
        );
        assert_eq!(
            domain(&mut e, Some("shop.example.co.uk:443".into())),
            Some("shop.example.co.uk".into())
        );
        assert!(e.is_empty());
        domain(&mut e, Some("localhost".into()));
        domain(&mut e, Some("exa mple.com".into()));
        assert!(e.finish(()).is_err());
    }

    #[test]
    fn a_company_needs_a_name_and_a_real_website() {
        let r = CompanyInput {
            website: Some("ftp://x".into()),
            ..Default::default()
        }
        .validate(&[]);
        let fields: Vec<String> = match r {
            Err(crm_core::DomainError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
            other => vec![format!("{other:?}")],
        };
        assert_eq!(fields, ["name", "website"]);
    }
}
