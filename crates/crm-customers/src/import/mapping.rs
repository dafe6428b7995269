//! The fields of a person that a column of an import can feed (the checks every
//! resource's mapping shares are in `crm_records::import::mapping`).

use crate::address::Network;
use crate::contact::ContactLabel;
use crm_core::FieldError;
use crm_records::import::MatchOn;
use crm_records::import::mapping::ColumnMap;

/// A people import's checked mapping.
pub type Mapping = crm_records::import::Mapping<Target>;

/// A field a column can feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    FirstName,
    LastName,
    /// One email address; several columns may each add one.
    Email(ContactLabel),
    /// One phone number; several columns may each add one.
    Phone(ContactLabel),
    LifecycleStage,
    OwnerId,
    SourceChannel,
    SourceDetail,
    ExternalId,
    Language,
    TimeZone,
    Birthday,
    /// Tag names separated by `;`.
    Tags,
    CustomField(String),
    /// The company the person works at, found by name (or created).
    CompanyName,
    /// The company's domain: finds it by domain first.
    CompanyDomain,
    CompanyTitle,
    CompanyRole,
    /// One part of the row's postal address.
    Address(AddressPart),
    /// A profile on a social network: a URL, or else a handle.
    Social(Network),
    /// The column is read and dropped.
    Ignore,
}

/// A part of a postal address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    Line1,
    Line2,
    City,
    Region,
    PostalCode,
    Country,
}

const ADDRESS_PARTS: [(&str, AddressPart); 6] = [
    ("line1", AddressPart::Line1),
    ("line2", AddressPart::Line2),
    ("city", AddressPart::City),
    ("region", AddressPart::Region),
    ("postal_code", AddressPart::PostalCode),
    ("country", AddressPart::Country),
];

const NETWORKS: [(&str, Network); 10] = [
    ("linkedin", Network::Linkedin),
    ("x", Network::X),
    ("facebook", Network::Facebook),
    ("instagram", Network::Instagram),
    ("tiktok", Network::Tiktok),
    ("youtube", Network::Youtube),
    ("github", Network::Github),
    ("mastodon", Network::Mastodon),
    ("bluesky", Network::Bluesky),
    ("other", Network::Other),
];

/// The single-valued targets and their names in a mapping.
const NAMED: [(&str, Target); 16] = [
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("lifecycle_stage", Target::LifecycleStage),
    ("owner_id", Target::OwnerId),
    ("source.channel", Target::SourceChannel),
    ("source.detail", Target::SourceDetail),
    ("external_id", Target::ExternalId),
    ("language", Target::Language),
    ("time_zone", Target::TimeZone),
    ("birthday", Target::Birthday),
    ("tags", Target::Tags),
    ("company.name", Target::CompanyName),
    ("company.domain", Target::CompanyDomain),
    ("company.title", Target::CompanyTitle),
    ("company.role", Target::CompanyRole),
    ("ignore", Target::Ignore),
];

/// What a mapping value may be, for error messages and the API's description.
pub const TARGET_HELP: &str = "first_name, last_name, email[:work|home|mobile|other], \
phone[:work|home|mobile|other], lifecycle_stage, owner_id, source.channel, source.detail, \
external_id, language, time_zone, birthday, tags, custom_fields.<key>, company.name, \
company.domain, company.title, company.role, address.line1|line2|city|region|postal_code|country, \
social.linkedin|x|facebook|instagram|tiktok|youtube|github|mastodon|bluesky|other, ignore";

impl crm_records::import::Target for Target {
    const A_RECORD: &'static str = "a person";
    const RECORDS: &'static str = "people";
    const HELP: &'static str = TARGET_HELP;
    const KEYS: &'static [MatchOn] = &[MatchOn::Email, MatchOn::ExternalId];

    fn parse(s: &str) -> Option<Target> {
        if let Some((_, t)) = NAMED.iter().find(|(n, _)| *n == s) {
            return Some(t.clone());
        }
        let point = |rest: Option<&str>| match rest {
            None => Some(ContactLabel::Work),
            Some(l) => ContactLabel::parse(l),
        };
        let (head, label) = match s.split_once(':') {
            Some((h, l)) => (h, Some(l)),
            None => (s, None),
        };
        if let Some(part) = s.strip_prefix("address.") {
            return ADDRESS_PARTS
                .iter()
                .find(|(n, _)| *n == part)
                .map(|(_, p)| Target::Address(*p));
        }
        if let Some(net) = s.strip_prefix("social.") {
            return NETWORKS
                .iter()
                .find(|(n, _)| *n == net)
                .map(|(_, x)| Target::Social(*x));
        }
        match head {
            "email" => point(label).map(Target::Email),
            "phone" => point(label).map(Target::Phone),
            _ => s
                .strip_prefix("custom_fields.")
                .filter(|k| !k.is_empty() && label.is_none())
                .map(|k| Target::CustomField(k.to_string())),
        }
    }

    fn custom_field(&self) -> Option<&str> {
        match self {
            Target::CustomField(k) => Some(k),
            _ => None,
        }
    }

    fn is_ignore(&self) -> bool {
        *self == Target::Ignore
    }

    fn repeatable(&self) -> bool {
        matches!(self, Target::Email(_) | Target::Phone(_) | Target::Ignore)
    }

    fn across(mapped: &[ColumnMap<Target>]) -> Vec<FieldError> {
        let has = |t: &Target| mapped.iter().any(|m| &m.target == t);
        if (has(&Target::CompanyTitle) || has(&Target::CompanyRole))
            && !has(&Target::CompanyName)
            && !has(&Target::CompanyDomain)
        {
            return vec![FieldError::new(
                "mapping",
                "missing_target",
                "company.title and company.role need a company.name or company.domain column",
            )];
        }
        Vec::new()
    }

    fn feeds(mapped: &[ColumnMap<Target>], on: MatchOn) -> bool {
        mapped.iter().any(|m| match on {
            MatchOn::Email => matches!(m.target, Target::Email(_)),
            MatchOn::ExternalId => m.target == Target::ExternalId,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_records::import::Target as _;

    fn cols(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn codes(r: Result<Mapping, Vec<FieldError>>) -> Vec<(String, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn targets_read_labels_and_custom_field_keys() {
        assert_eq!(
            Target::parse("email:home"),
            Some(Target::Email(ContactLabel::Home))
        );
        assert_eq!(
            Target::parse("phone"),
            Some(Target::Phone(ContactLabel::Work))
        );
        assert_eq!(
            Target::parse("custom_fields.tier"),
            Some(Target::CustomField("tier".into()))
        );
        assert_eq!(Target::parse("email:fax"), None);
        assert_eq!(Target::parse("custom_fields."), None);
        assert_eq!(Target::parse("nickname"), None);
    }

    #[test]
    fn without_a_mapping_the_header_must_name_fields() {
        let header = cols(&["first_name", "email", "Shoe size"]);
        assert_eq!(
            codes(Mapping::check(None, Some(&header), &[])),
            [("mapping".to_string(), "unknown_target".to_string())]
        );
        let ok = Mapping::check(None, Some(&header[..2]), &[]);
        assert!(ok.is_ok_and(|m| m.feeds(MatchOn::Email)));
    }

    #[test]
    fn a_mapping_names_columns_the_file_has_and_fields_once() {
        let header = cols(&["Name", "Surname", "Mail"]);
        let given = vec![
            ("Name".to_string(), "first_name".to_string()),
            ("Surname".to_string(), "first_name".to_string()),
            ("Fax".to_string(), "phone".to_string()),
            ("Mail".to_string(), "custom_fields.nope".to_string()),
        ];
        assert_eq!(
            codes(Mapping::check(Some(&given), Some(&header), &[])),
            [
                (
                    "mapping.Surname".to_string(),
                    "duplicate_target".to_string()
                ),
                ("mapping.Fax".to_string(), "unknown_column".to_string()),
                ("mapping.Mail".to_string(), "unknown_target".to_string()),
            ]
        );
    }

    #[test]
    fn a_company_title_needs_the_company() {
        let header = cols(&["email", "Title"]);
        let given = vec![
            ("email".to_string(), "email".to_string()),
            ("Title".to_string(), "company.title".to_string()),
        ];
        assert_eq!(
            codes(Mapping::check(Some(&given), Some(&header), &[])),
            [("mapping".to_string(), "missing_target".to_string())]
        );
    }
}
