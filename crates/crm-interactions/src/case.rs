//! A service case: a customer's problem or complaint from any channel, numbered per
//! organisation (`CASE-000123`), worked through `new → open → pending_customer →
//! resolved → closed` (or back as `reopened`), with comments and a history of every
//! status change, assignment and comment.

use crate::interaction::Channel;
use crate::names::names;
use crate::sla::Clock;
use crate::task::Priority;
use chrono::{DateTime, Utc};
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::{DomainError, DomainResult};
use crm_records::custom_field::{CustomField, FieldValue};
use crm_records::ports::Identified;
use crm_records::records::{Checks, new_tags_and_fields, patched_tags_and_fields};
use crm_records::text::{Field, distinct, not_null, text};
use serde::Serialize;
use uuid::Uuid;

crm_core::typed_id!(
    /// The id of a service case.
    CaseId
);

names!(
    /// Where a case stands in its workflow.
    CaseStatus {
        New = "new",
        Open = "open",
        PendingCustomer = "pending_customer",
        Resolved = "resolved",
        Closed = "closed",
        Reopened = "reopened",
    }
);

names!(
    /// Who may read a comment: the customer too (`public`) or staff only (`internal`).
    CommentVisibility { Public = "public", Internal = "internal" }
);

names!(
    /// What a history entry records.
    HistoryKind {
        Created = "created",
        Status = "status",
        Assignee = "assignee",
        Team = "team",
        Priority = "priority",
        Category = "category",
        Comment = "comment",
        SlaBreached = "sla_breached",
        FollowUp = "follow_up",
        Email = "email",
    }
);

pub const MAX_SUBJECT: usize = 200;
pub const MAX_DESCRIPTION: usize = 10_000;
pub const MAX_RESOLUTION: usize = 10_000;
pub const MAX_COMMENT: usize = 10_000;
/// A category or team name.
pub const MAX_NAME: usize = 100;
/// How many people or companies one case may name, each.
pub const MAX_LINKS: usize = 20;

impl CaseStatus {
    /// Whether a case may move from `self` to `to`. A case is worked (`open`, waiting
    /// on the customer and back) until `resolved`; a resolved case is `closed` or
    /// `reopened`, a closed one only `reopened`; nothing goes back to `new`.
    pub fn can_move_to(self, to: CaseStatus) -> bool {
        use CaseStatus::*;
        match (self, to) {
            (a, b) if a == b => true,
            (New, Open | PendingCustomer | Resolved) => true,
            (Open | Reopened, PendingCustomer | Resolved) => true,
            (Reopened, Open) => true,
            (PendingCustomer, Open | Resolved) => true,
            (Resolved, Closed | Reopened) => true,
            (Closed, Reopened) => true,
            _ => false,
        }
    }

    /// Whether the case is still being worked (not resolved or closed).
    pub fn is_active(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Closed)
    }
}

/// A case number as people say it: `CASE-000123`.
pub fn reference(number: i64) -> String {
    format!("CASE-{number:06}")
}

/// The case number a text names with a `CASE-123` token (an email's subject
/// `Re: [CASE-000123] Broken invoice`), if any.
pub fn reference_in(text: &str) -> Option<i64> {
    let upper = text.to_ascii_uppercase();
    upper.match_indices("CASE-").find_map(|(at, _)| {
        let before = upper[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let digits: String = upper[at + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let after = upper[at + 5 + digits.len()..].chars().next();
        if digits.is_empty() || digits.len() > 12 || after.is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        digits.parse().ok().filter(|n| *n > 0)
    })
}

/// A case as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    pub id: CaseId,
    #[serde(skip)]
    pub org_id: OrgId,
    /// Gap-free per organisation, from 1.
    pub number: i64,
    pub subject: String,
    pub description: Option<String>,
    pub status: CaseStatus,
    pub priority: Priority,
    pub category: Option<String>,
    pub team: Option<String>,
    pub assignee_id: Option<UserId>,
    /// The channel the problem came in on.
    pub channel: Channel,
    /// The interaction that raised it (a call, an email, a public social post).
    pub interaction_id: Option<Uuid>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub resolution: Option<String>,
    /// The first public comment by staff.
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The SLA clock: policy, deadlines, stops and breaches.
    pub sla: Clock,
    /// The check with the customer after resolution.
    pub follow_up: FollowUp,
    pub created_by: Option<UserId>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// The check with the customer that a resolved case is really solved: the task that
/// asks, and the customer's answer once given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FollowUp {
    pub task_id: Option<Uuid>,
    pub solved: Option<bool>,
    /// Satisfaction, 1 to 5.
    pub rating: Option<u8>,
    pub comment: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The customer's answer to the follow-up check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub solved: bool,
    pub rating: Option<u8>,
    pub comment: Option<String>,
}

pub const MAX_RATING_COMMENT: usize = 2_000;

impl Answer {
    /// Whether it is solved (required), a rating 1–5 and a comment, each optional.
    pub fn validate(
        solved: Option<bool>,
        rating: Option<i64>,
        comment: Option<String>,
    ) -> DomainResult<Answer> {
        let mut e = Errors::new();
        if solved.is_none() {
            e.push("solved", "required", "say whether the problem is solved");
        }
        if rating.is_some_and(|r| !(1..=5).contains(&r)) {
            e.push("rating", "out_of_range", "between 1 and 5");
        }
        let comment = text(&mut e, "comment", comment, MAX_RATING_COMMENT);
        e.finish(Answer {
            solved: solved.unwrap_or_default(),
            rating: rating.and_then(|r| u8::try_from(r).ok()),
            comment,
        })
    }
}

impl Case {
    /// Where the case goes on the customer's answer: solved closes a resolved case (a
    /// closed one stays closed), not solved reopens it. Only a resolved or closed case
    /// is followed up (409 otherwise).
    pub fn answered(&self, a: &Answer) -> DomainResult<CaseStatus> {
        match (self.status, a.solved) {
            (CaseStatus::Resolved | CaseStatus::Closed, true) => Ok(CaseStatus::Closed),
            (CaseStatus::Resolved | CaseStatus::Closed, false) => Ok(CaseStatus::Reopened),
            (s, _) => Err(DomainError::conflict(format!(
                "only a resolved or closed case is followed up; this one is {}",
                s.as_str()
            ))),
        }
    }
}

impl Identified for Case {
    type Id = CaseId;
}

/// A checked case to store; it starts `new`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub subject: String,
    pub description: Option<String>,
    pub priority: Priority,
    pub category: Option<String>,
    pub team: Option<String>,
    pub assignee_id: Option<UserId>,
    pub channel: Channel,
    pub interaction_id: Option<Uuid>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A checked merge-patch of a case.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CasePatch {
    pub subject: Option<String>,
    pub description: Field<String>,
    pub status: Option<CaseStatus>,
    pub priority: Option<Priority>,
    pub category: Field<String>,
    pub team: Field<String>,
    pub assignee_id: Field<UserId>,
    pub resolution: Field<String>,
    pub person_ids: Option<Vec<PersonId>>,
    pub company_ids: Option<Vec<CompanyId>>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// A case's fields as given.
#[derive(Debug, Clone, Default)]
pub struct CaseInput {
    pub subject: Option<String>,
    pub description: Option<String>,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub team: Option<String>,
    pub assignee_id: Option<UserId>,
    pub channel: Option<Channel>,
    pub interaction_id: Option<Uuid>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A case patch as given: `None` leaves a field, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct CasePatchInput {
    pub subject: Field<String>,
    pub description: Field<String>,
    pub status: Field<CaseStatus>,
    pub priority: Field<Priority>,
    pub category: Field<String>,
    pub team: Field<String>,
    pub assignee_id: Field<UserId>,
    pub resolution: Field<String>,
    pub person_ids: Field<Vec<PersonId>>,
    pub company_ids: Field<Vec<CompanyId>>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

fn subject(e: &mut Errors, v: Option<String>) -> Option<String> {
    let s = text(e, "subject", v, MAX_SUBJECT);
    if s.is_none() {
        e.push("subject", "required", "a case needs a subject");
    }
    s
}

impl CaseInput {
    /// Checks every field at once.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewCase> {
        let mut e = Errors::new();
        let subject = subject(&mut e, self.subject);
        let (tags, custom_fields) =
            new_tags_and_fields(&mut e, &self.tags, defs, &self.custom_fields);
        let new = NewCase {
            subject: subject.unwrap_or_default(),
            description: text(&mut e, "description", self.description, MAX_DESCRIPTION),
            priority: self.priority.unwrap_or(Priority::Normal),
            category: text(&mut e, "category", self.category, MAX_NAME),
            team: text(&mut e, "team", self.team, MAX_NAME),
            assignee_id: self.assignee_id,
            channel: self.channel.unwrap_or(Channel::Note),
            interaction_id: self.interaction_id,
            person_ids: distinct(&mut e, "person_ids", self.person_ids, MAX_LINKS),
            company_ids: distinct(&mut e, "company_ids", self.company_ids, MAX_LINKS),
            tags,
            custom_fields,
        };
        e.finish(new)
    }
}

impl CasePatchInput {
    /// Checks every field the patch names; the status move is checked against the case
    /// ([`Case::apply`]).
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<CasePatch> {
        let mut e = Errors::new();
        let (tags, custom_fields) =
            patched_tags_and_fields(&mut e, self.tags, defs, &self.custom_fields);
        let patch = CasePatch {
            subject: not_null(&mut e, "subject", self.subject)
                .and_then(|s| subject(&mut e, Some(s))),
            description: self
                .description
                .map(|v| text(&mut e, "description", v, MAX_DESCRIPTION)),
            status: not_null(&mut e, "status", self.status),
            priority: not_null(&mut e, "priority", self.priority),
            category: self.category.map(|v| text(&mut e, "category", v, MAX_NAME)),
            team: self.team.map(|v| text(&mut e, "team", v, MAX_NAME)),
            assignee_id: self.assignee_id,
            resolution: self
                .resolution
                .map(|v| text(&mut e, "resolution", v, MAX_RESOLUTION)),
            person_ids: self
                .person_ids
                .map(|v| distinct(&mut e, "person_ids", v.unwrap_or_default(), MAX_LINKS)),
            company_ids: self
                .company_ids
                .map(|v| distinct(&mut e, "company_ids", v.unwrap_or_default(), MAX_LINKS)),
            tags,
            custom_fields,
        };
        e.finish(patch)
    }
}

/// One change a write made to a case, for its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: HistoryKind,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The stored columns of a case after a patch, and what changed for its history.
#[derive(Debug, Clone, PartialEq)]
pub struct Patched {
    pub subject: String,
    pub description: Option<String>,
    pub status: CaseStatus,
    pub priority: Priority,
    pub category: Option<String>,
    pub team: Option<String>,
    pub assignee_id: Option<UserId>,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub changes: Vec<Change>,
}

impl Case {
    /// The case after `p` at `now`. A status move the workflow does not allow is a 409;
    /// resolving records when (reopening forgets it), closing likewise.
    pub fn apply(&self, p: &CasePatch, now: DateTime<Utc>) -> DomainResult<Patched> {
        let status = p.status.unwrap_or(self.status);
        if !self.status.can_move_to(status) {
            return Err(DomainError::conflict(format!(
                "a {} case cannot move to {}",
                self.status.as_str(),
                status.as_str()
            )));
        }
        let keep = |given: &Field<String>, stored: &Option<String>| match given {
            Some(v) => v.clone(),
            None => stored.clone(),
        };
        let priority = p.priority.unwrap_or(self.priority);
        let category = keep(&p.category, &self.category);
        let team = keep(&p.team, &self.team);
        let assignee_id = p.assignee_id.unwrap_or(self.assignee_id);
        let mut changes = Vec::new();
        let mut note = |kind, from: Option<String>, to: Option<String>| {
            if from != to {
                changes.push(Change { kind, from, to });
            }
        };
        let name = |s: &str| Some(s.to_string());
        note(
            HistoryKind::Status,
            name(self.status.as_str()),
            name(status.as_str()),
        );
        let user = |u: Option<UserId>| u.map(|u| u.0.to_string());
        note(
            HistoryKind::Assignee,
            user(self.assignee_id),
            user(assignee_id),
        );
        note(HistoryKind::Team, self.team.clone(), team.clone());
        note(
            HistoryKind::Priority,
            name(self.priority.as_str()),
            name(priority.as_str()),
        );
        note(
            HistoryKind::Category,
            self.category.clone(),
            category.clone(),
        );
        let moved = status != self.status;
        let resolved_at = match status {
            CaseStatus::Resolved if moved => Some(now),
            CaseStatus::Resolved | CaseStatus::Closed => self.resolved_at,
            _ => None,
        };
        let closed_at = match status {
            CaseStatus::Closed if moved => Some(now),
            CaseStatus::Closed => self.closed_at,
            _ => None,
        };
        Ok(Patched {
            subject: p.subject.clone().unwrap_or_else(|| self.subject.clone()),
            description: keep(&p.description, &self.description),
            status,
            priority,
            category,
            team,
            assignee_id,
            resolution: keep(&p.resolution, &self.resolution),
            resolved_at,
            closed_at,
            changes,
        })
    }
}

/// A comment on a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub id: Uuid,
    pub case_id: CaseId,
    pub body: String,
    pub visibility: CommentVisibility,
    /// The staff user who wrote it; `None` for an API key.
    pub author_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

/// A checked comment to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComment {
    pub body: String,
    pub visibility: CommentVisibility,
}

impl NewComment {
    /// A comment's body (required, at most 10,000 characters); internal unless said.
    pub fn validate(
        body: Option<String>,
        visibility: Option<CommentVisibility>,
    ) -> DomainResult<NewComment> {
        let mut e = Errors::new();
        let body = text(&mut e, "body", body, MAX_COMMENT);
        if body.is_none() {
            e.push("body", "required", "a comment needs a body");
        }
        e.finish(NewComment {
            body: body.unwrap_or_default(),
            visibility: visibility.unwrap_or(CommentVisibility::Internal),
        })
    }
}

/// Who made a change on a case's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum By {
    User(UserId),
    ApiKey(Uuid),
    System,
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub id: Uuid,
    pub kind: HistoryKind,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The comment, for a `comment` entry.
    pub comment_id: Option<Uuid>,
    pub by: By,
    pub at: DateTime<Utc>,
}

/// The shared record use cases check a case through these.
impl Checks<NewCase> for CaseInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewCase> {
        self.validate(defs)
    }
}

impl Checks<CasePatch> for CasePatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<CasePatch> {
        self.validate(defs)
    }
}

#[cfg(test)]
mod tests;
