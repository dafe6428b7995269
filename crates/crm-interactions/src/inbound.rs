//! Email-to-case: a customer's message as the mail relay hands it over, already parsed
//! (the HTTP adapter reads the MIME), and what it becomes: an inbound `email`
//! interaction with the sender's person, and a new case or a reply on the case it
//! answers (found by `In-Reply-To`/`References`, or a `CASE-123` token in the subject).

use crate::case::{self, Case, NewCase};
use crate::interaction::{self, Channel, Direction, Links, NewInteraction};
use crate::task::Priority;
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::ids::PersonId;
use uuid::Uuid;

/// The largest message taken, attachments included.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;
/// The largest attachment kept; a larger one is listed on the case without its content.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
/// The most attachments one message may carry.
pub const MAX_ATTACHMENTS: usize = 20;
/// The longest message id kept (RFC 5322 lines are at most 998 characters).
pub const MAX_MESSAGE_ID: usize = 998;
/// The subject a case opened from a message without one gets.
pub const NO_SUBJECT: &str = "(no subject)";

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// A message as received: its ids, sender, subject, text and files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundEmail {
    pub message_id: String,
    /// The ids this message answers: `In-Reply-To`, then `References` newest first.
    pub answers: Vec<String>,
    /// The sender's address, normalised (lower case).
    pub from_address: String,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The raw message's size in bytes.
    pub size: usize,
    pub attachments: Vec<Attachment>,
}

/// What a message became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new case was opened.
    Opened,
    /// It was added to the case it answers.
    Threaded,
    /// The same message was received before; nothing was written.
    Duplicate,
}

/// A message received: the case it opened or joined, and the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub outcome: Outcome,
    pub case: Case,
    pub interaction_id: Option<Uuid>,
    pub person_id: Option<PersonId>,
    /// Whether the sender was unknown and a person was created for them.
    pub person_created: bool,
}

/// A file on a case, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    pub id: Uuid,
    pub case_id: Uuid,
    /// The message it came with.
    pub email_id: Option<Uuid>,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    /// False when it was over the size limit: listed, not kept.
    pub stored: bool,
    pub created_at: DateTime<Utc>,
}

/// The first `max` characters of `v`, trimmed; `None` if nothing is left.
fn cut(v: Option<&str>, max: usize) -> Option<String> {
    let v: String = v?.trim().chars().take(max).collect();
    let v = v.trim().to_string();
    (!v.is_empty()).then_some(v)
}

impl InboundEmail {
    /// Checks what the adapter could not: a sender, a message id of sane length, the
    /// number of attachments.
    pub fn validate(self) -> DomainResult<InboundEmail> {
        let mut e = Errors::new();
        if self.from_address.is_empty() {
            e.push("from", "required", "the message has no sender address");
        }
        if self.message_id.is_empty() || self.message_id.chars().count() > MAX_MESSAGE_ID {
            e.push(
                "message_id",
                "invalid_length",
                format!("a message id of 1 to {MAX_MESSAGE_ID} characters"),
            );
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            e.push(
                "attachments",
                "too_many",
                format!("at most {MAX_ATTACHMENTS}"),
            );
        }
        e.finish(self)
    }

    /// The case number a `CASE-123` token in the subject names.
    pub fn case_number(&self) -> Option<i64> {
        self.subject.as_deref().and_then(case::reference_in)
    }

    /// The sender's display name as a first and last name (`Ada Lovelace`); the last
    /// word is the last name.
    pub fn names(&self) -> (Option<String>, Option<String>) {
        let name = self.from_name.as_deref().map(str::trim).unwrap_or_default();
        match name.rsplit_once(' ') {
            Some((first, last)) => (cut(Some(first), 100), cut(Some(last), 100)),
            None => (cut(Some(name), 100), None),
        }
    }

    /// The inbound `email` interaction the message is on the person's timeline as.
    pub fn interaction(&self, person: PersonId) -> NewInteraction {
        NewInteraction {
            channel: Channel::Email,
            direction: Some(Direction::Inbound),
            occurred_at: self.sent_at.unwrap_or_else(Utc::now),
            duration_seconds: None,
            subject: cut(self.subject.as_deref(), interaction::MAX_SUBJECT),
            body: cut(self.body.as_deref(), interaction::MAX_BODY),
            outcome: None,
            social: None,
            links: Links {
                people: vec![person],
                ..Links::default()
            },
            external_id: cut(Some(&self.message_id), 255),
            tags: Vec::new(),
            custom_fields: Vec::new(),
            follow_up: None,
        }
    }

    /// The case a new message opens, raised by its interaction.
    pub fn new_case(&self, person: PersonId, interaction: Uuid) -> NewCase {
        NewCase {
            subject: cut(self.subject.as_deref(), case::MAX_SUBJECT)
                .unwrap_or_else(|| NO_SUBJECT.into()),
            description: cut(self.body.as_deref(), case::MAX_DESCRIPTION),
            priority: Priority::Normal,
            category: None,
            team: None,
            assignee_id: None,
            channel: Channel::Email,
            interaction_id: Some(interaction),
            person_ids: vec![person],
            company_ids: Vec::new(),
            tags: Vec::new(),
            custom_fields: Vec::new(),
        }
    }
}

/// Where a case goes when its customer writes again: a case waiting on them is worked
/// again (`open`), a resolved or closed one is `reopened`; otherwise it stays.
pub fn status_on_reply(status: case::CaseStatus) -> Option<case::CaseStatus> {
    use case::CaseStatus::*;
    match status {
        PendingCustomer => Some(Open),
        Resolved | Closed => Some(Reopened),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(subject: Option<&str>, name: Option<&str>) -> InboundEmail {
        InboundEmail {
            message_id: "<a@example.com>".into(),
            answers: Vec::new(),
            from_address: "ada@example.com".into(),
            from_name: name.map(Into::into),
            subject: subject.map(Into::into),
            body: Some("  Hello  ".into()),
            sent_at: None,
            size: 10,
            attachments: Vec::new(),
        }
    }

    #[test]
    fn a_new_message_opens_a_case_named_by_its_subject_or_says_it_had_none() {
        let person = PersonId(Uuid::nil());
        let c = email(Some("Broken invoice"), None).new_case(person, Uuid::nil());
        assert_eq!(
            (c.subject.as_str(), c.channel),
            ("Broken invoice", Channel::Email)
        );
        assert_eq!(c.description.as_deref(), Some("Hello"));
        let c = email(Some("   "), None).new_case(person, Uuid::nil());
        assert_eq!(c.subject, NO_SUBJECT);
        let i = email(None, None).interaction(person);
        assert_eq!(
            (i.direction, i.external_id.as_deref()),
            (Some(Direction::Inbound), Some("<a@example.com>"))
        );
    }

    #[test]
    fn the_senders_name_splits_into_first_and_last_and_a_reply_token_names_the_case() {
        let e = email(Some("Re: [CASE-000042] Broken"), Some("Ada King Lovelace"));
        assert_eq!(
            e.names(),
            (Some("Ada King".into()), Some("Lovelace".into()))
        );
        assert_eq!(e.case_number(), Some(42));
        assert_eq!(email(None, Some("Ada")).names(), (Some("Ada".into()), None));
        assert_eq!(email(None, None).names(), (None, None));
    }

    #[test]
    fn a_reply_brings_a_waiting_or_finished_case_back_to_work() {
        use case::CaseStatus::*;
        assert_eq!(status_on_reply(PendingCustomer), Some(Open));
        assert_eq!(status_on_reply(Resolved), Some(Reopened));
        assert_eq!(status_on_reply(Closed), Some(Reopened));
        assert_eq!(status_on_reply(Open), None);
    }

    #[test]
    fn a_message_needs_a_sender_and_a_sane_id() {
        let mut e = email(None, None);
        e.from_address.clear();
        e.message_id = "x".repeat(MAX_MESSAGE_ID + 1);
        let Err(crm_core::DomainError::Validation(errors)) = e.validate() else {
            panic!("a message without a sender was accepted");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "message_id"]);
    }
}
