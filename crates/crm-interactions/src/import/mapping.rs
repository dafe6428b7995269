//! The fields of an interaction that a column of an import can feed: its own fields,
//! and the people, companies and staff users it was with, by id or by a key found when
//! the row is written (an email address, a phone number, a domain…).

use crm_records::import::MatchOn;
use crm_records::import::mapping::{ColumnMap, Target};

/// A field a column can feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteractionTarget {
    Channel,
    Direction,
    OccurredAt,
    DurationSeconds,
    Subject,
    Body,
    Outcome,
    ExternalId,
    SocialNetwork,
    SocialUrl,
    SocialVisibility,
    /// Person ids (several in a cell separated by `;`; several columns may each add).
    PersonId,
    /// The person whose email address this is.
    PersonEmail,
    /// The person with this external_id.
    PersonExternalId,
    /// The person with this phone number (read in the organisation's default region).
    PersonPhone,
    CompanyId,
    /// The company with this domain.
    CompanyDomain,
    CompanyExternalId,
    /// Staff user ids who took part.
    UserId,
    /// The staff user with this email address.
    UserEmail,
    /// Tag names separated by `;`.
    Tags,
    CustomField(String),
    Ignore,
}

/// The single-valued and repeatable targets by their names in a mapping.
const NAMED: [(&str, InteractionTarget); 22] = [
    ("channel", InteractionTarget::Channel),
    ("direction", InteractionTarget::Direction),
    ("occurred_at", InteractionTarget::OccurredAt),
    ("duration_seconds", InteractionTarget::DurationSeconds),
    ("subject", InteractionTarget::Subject),
    ("body", InteractionTarget::Body),
    ("outcome", InteractionTarget::Outcome),
    ("external_id", InteractionTarget::ExternalId),
    ("social.network", InteractionTarget::SocialNetwork),
    ("social.url", InteractionTarget::SocialUrl),
    ("social.visibility", InteractionTarget::SocialVisibility),
    ("person_id", InteractionTarget::PersonId),
    ("person.email", InteractionTarget::PersonEmail),
    ("person.external_id", InteractionTarget::PersonExternalId),
    ("person.phone", InteractionTarget::PersonPhone),
    ("company_id", InteractionTarget::CompanyId),
    ("company.domain", InteractionTarget::CompanyDomain),
    ("company.external_id", InteractionTarget::CompanyExternalId),
    ("user_id", InteractionTarget::UserId),
    ("user.email", InteractionTarget::UserEmail),
    ("tags", InteractionTarget::Tags),
    ("ignore", InteractionTarget::Ignore),
];

/// What a mapping value may be, for error messages and the API's description.
pub const TARGET_HELP: &str = "channel, direction, occurred_at, duration_seconds, subject, \
body, outcome, external_id, social.network, social.url, social.visibility, person_id, \
person.email, person.external_id, person.phone, company_id, company.domain, \
company.external_id, user_id, user.email, tags, custom_fields.<key>, ignore";

impl InteractionTarget {
    /// Whether it names people, companies or users (a column of links).
    pub fn is_link(&self) -> bool {
        use InteractionTarget::*;
        matches!(
            self,
            PersonId
                | PersonEmail
                | PersonExternalId
                | PersonPhone
                | CompanyId
                | CompanyDomain
                | CompanyExternalId
                | UserId
                | UserEmail
        )
    }
}

impl Target for InteractionTarget {
    const A_RECORD: &'static str = "an interaction";
    const RECORDS: &'static str = "interactions";
    const HELP: &'static str = TARGET_HELP;
    const KEYS: &'static [MatchOn] = &[MatchOn::ExternalId];

    fn parse(s: &str) -> Option<InteractionTarget> {
        if let Some((_, t)) = NAMED.iter().find(|(n, _)| *n == s) {
            return Some(t.clone());
        }
        s.strip_prefix("custom_fields.")
            .filter(|k| !k.is_empty())
            .map(|k| InteractionTarget::CustomField(k.to_string()))
    }

    fn custom_field(&self) -> Option<&str> {
        match self {
            InteractionTarget::CustomField(k) => Some(k),
            _ => None,
        }
    }

    fn is_ignore(&self) -> bool {
        *self == InteractionTarget::Ignore
    }

    /// Links may come from several columns (a caller and a callee column, say).
    fn repeatable(&self) -> bool {
        self.is_link() || self.is_ignore()
    }

    fn feeds(mapped: &[ColumnMap<InteractionTarget>], on: MatchOn) -> bool {
        on == MatchOn::ExternalId
            && mapped
                .iter()
                .any(|m| m.target == InteractionTarget::ExternalId)
    }
}

/// An interactions import's checked mapping.
pub type Mapping = crm_records::import::Mapping<InteractionTarget>;

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_call_log_header_named_after_fields_needs_no_mapping() {
        let header = cols(&["channel", "occurred_at", "person.phone", "person.phone"]);
        let m = Mapping::check(None, Some(&header[..3]), &[]);
        assert!(m.is_ok_and(|m| m.0.len() == 3));
        // A column named twice in the header is refused whatever it feeds.
        let twice = Mapping::check(None, Some(&header), &[])
            .err()
            .unwrap_or_default();
        assert_eq!(twice[0].code, "duplicate_column");
    }

    #[test]
    fn link_columns_repeat_but_fields_do_not() {
        let header = cols(&["Caller", "Callee", "Start", "Begin"]);
        let given: Vec<(String, String)> = [
            ("Caller", "person.phone"),
            ("Callee", "person.phone"),
            ("Start", "occurred_at"),
            ("Begin", "occurred_at"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let errors = Mapping::check(Some(&given), Some(&header), &[])
            .err()
            .unwrap_or_default();
        let codes: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(codes, [("mapping.Begin", "duplicate_target")]);
    }

    #[test]
    fn targets_name_fields_links_and_custom_fields() {
        assert_eq!(
            InteractionTarget::parse("person.email"),
            Some(InteractionTarget::PersonEmail)
        );
        assert_eq!(
            InteractionTarget::parse("custom_fields.queue"),
            Some(InteractionTarget::CustomField("queue".into()))
        );
        assert_eq!(InteractionTarget::parse("first_name"), None);
        assert!(!InteractionTarget::feeds(&[], MatchOn::Email));
    }
}
