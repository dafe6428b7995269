//! Consent: an append-only ledger of grants and withdrawals per channel and purpose, and
//! the current state derived from it (the latest entry of each pair wins).

use chrono::{DateTime, Duration, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

string_enum!(
    /// How the company may reach the person.
    Channel { Email = "email", Sms = "sms", Phone = "phone", Post = "post", Messaging = "messaging" }
);
string_enum!(
    /// What the contact is for.
    Purpose { Marketing = "marketing", Service = "service" }
);
string_enum!(
    /// Whether the person said yes or took it back.
    ConsentStatus { Granted = "granted", Withdrawn = "withdrawn" }
);

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsentEntry {
    pub id: Uuid,
    pub channel: Channel,
    pub purpose: Purpose,
    pub status: ConsentStatus,
    /// When the person gave or withdrew consent (may precede when it was recorded).
    pub recorded_at: DateTime<Utc>,
    /// Where it came from: a form, a call, an import…
    pub source: Option<String>,
    /// What proves it: a form URL and IP address, a call reference, a document id…
    pub proof: Option<String>,
    /// The version of the consent wording the person was shown.
    pub wording_version: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// The current state of one channel and purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentState {
    pub channel: Channel,
    pub purpose: Purpose,
    pub status: ConsentStatus,
    pub recorded_at: DateTime<Utc>,
}

/// A validated entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewConsent {
    pub channel: Channel,
    pub purpose: Purpose,
    pub status: ConsentStatus,
    pub recorded_at: DateTime<Utc>,
    pub source: Option<String>,
    pub proof: Option<String>,
    pub wording_version: Option<String>,
}

/// An entry as a caller sent it, before [`ConsentDraft::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentDraft {
    pub channel: Channel,
    pub purpose: Purpose,
    pub status: ConsentStatus,
    /// When the person gave or withdrew consent; `now` when absent.
    pub recorded_at: Option<DateTime<Utc>>,
    pub source: Option<String>,
    pub proof: Option<String>,
    pub wording_version: Option<String>,
}

impl ConsentDraft {
    /// Checks the free texts and that `recorded_at` is not in the future.
    pub fn validate(self, now: DateTime<Utc>) -> DomainResult<NewConsent> {
        let mut e = Errors::new();
        let recorded_at = self.recorded_at.unwrap_or(now);
        if recorded_at > now + Duration::minutes(5) {
            e.push(
                "recorded_at",
                "in_the_future",
                "consent cannot be recorded for a time to come",
            );
        }
        let source = crate::person::text(&mut e, "source", self.source, 100);
        let proof = crate::person::text(&mut e, "proof", self.proof, 2000);
        let wording_version =
            crate::person::text(&mut e, "wording_version", self.wording_version, 100);
        e.finish(NewConsent {
            channel: self.channel,
            purpose: self.purpose,
            status: self.status,
            recorded_at,
            source,
            proof,
            wording_version,
        })
    }
}

/// The current state of every pair that has an entry: the latest `recorded_at` wins,
/// and of two at the same time the later recorded one.
pub fn current(entries: &[ConsentEntry]) -> Vec<ConsentState> {
    current_of(entries.iter().map(|e| {
        (
            e.id,
            ConsentState {
                channel: e.channel,
                purpose: e.purpose,
                status: e.status,
                recorded_at: e.recorded_at,
            },
        )
    }))
}

/// [`current`] from each entry's id and state alone.
pub fn current_of(entries: impl IntoIterator<Item = (Uuid, ConsentState)>) -> Vec<ConsentState> {
    let mut latest: Vec<(Uuid, ConsentState)> = Vec::new();
    for (id, e) in entries {
        match latest
            .iter_mut()
            .find(|(_, l)| l.channel == e.channel && l.purpose == e.purpose)
        {
            Some(l) if (e.recorded_at, id) > (l.1.recorded_at, l.0) => *l = (id, e),
            Some(_) => {}
            None => latest.push((id, e)),
        }
    }
    let mut out: Vec<ConsentState> = latest.into_iter().map(|(_, s)| s).collect();
    out.sort_by_key(|s| (s.channel, s.purpose));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(channel: Channel, status: ConsentStatus, at: i64) -> ConsentEntry {
        ConsentEntry {
            id: Uuid::now_v7(),
            channel,
            purpose: Purpose::Marketing,
            status,
            recorded_at: DateTime::from_timestamp(at, 0).unwrap_or_default(),
            source: None,
            proof: None,
            wording_version: None,
            actor_kind: "user".into(),
            actor_id: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_latest_entry_of_each_pair_is_the_current_state() {
        let ledger = [
            entry(Channel::Email, ConsentStatus::Granted, 100),
            entry(Channel::Email, ConsentStatus::Withdrawn, 200),
            entry(Channel::Sms, ConsentStatus::Granted, 150),
            // Backfilled proof of an older grant does not override the withdrawal.
            entry(Channel::Email, ConsentStatus::Granted, 50),
        ];
        let now = current(&ledger);
        assert_eq!(now.len(), 2);
        assert_eq!(
            (now[0].channel, now[0].status),
            (Channel::Email, ConsentStatus::Withdrawn)
        );
        assert_eq!(
            (now[1].channel, now[1].status),
            (Channel::Sms, ConsentStatus::Granted)
        );
    }

    #[test]
    fn consent_cannot_be_recorded_in_the_future() {
        let now = Utc::now();
        let r = ConsentDraft {
            channel: Channel::Email,
            purpose: Purpose::Marketing,
            status: ConsentStatus::Granted,
            recorded_at: Some(now + Duration::days(1)),
            source: None,
            proof: None,
            wording_version: None,
        }
        .validate(now);
        assert!(r.is_err());
    }
}
