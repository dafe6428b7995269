//! Wire types of service cases, their comments and history, and the enums writes share.

use crate::routes::interactions::interactions::dto::ChannelDto;
use crate::routes::interactions::tasks::dto::PriorityDto;
use chrono::{DateTime, Utc};
use crm_interactions::case::{
    By, Case, CaseStatus, Comment, CommentVisibility, HistoryEntry, HistoryKind, reference,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a case stands: `new` until someone works it (`open`), `pending_customer`
/// while waiting on the customer, `resolved`, then `closed`; a resolved or closed case
/// may be `reopened`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatusDto {
    New,
    Open,
    PendingCustomer,
    Resolved,
    Closed,
    Reopened,
}
crate::mirror!(
    CaseStatusDto,
    CaseStatus,
    [New, Open, PendingCustomer, Resolved, Closed, Reopened]
);

/// Who may read a comment: the customer too (`public`) or staff only (`internal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommentVisibilityDto {
    Public,
    Internal,
}
crate::mirror!(CommentVisibilityDto, CommentVisibility, [Public, Internal]);

/// What a history entry records: `sla_breached` names the missed target
/// (`first_response` or `resolution`) in `to`; `follow_up` the customer's answer
/// (`solved` or `not_solved`, with the rating); `email` a message from the customer
/// threaded onto the case (its subject in `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKindDto {
    Created,
    Status,
    Assignee,
    Team,
    Priority,
    Category,
    Comment,
    SlaBreached,
    FollowUp,
    Email,
}

impl From<HistoryKind> for HistoryKindDto {
    fn from(k: HistoryKind) -> Self {
        match k {
            HistoryKind::Created => HistoryKindDto::Created,
            HistoryKind::Status => HistoryKindDto::Status,
            HistoryKind::Assignee => HistoryKindDto::Assignee,
            HistoryKind::Team => HistoryKindDto::Team,
            HistoryKind::Priority => HistoryKindDto::Priority,
            HistoryKind::Category => HistoryKindDto::Category,
            HistoryKind::Comment => HistoryKindDto::Comment,
            HistoryKind::SlaBreached => HistoryKindDto::SlaBreached,
            HistoryKind::FollowUp => HistoryKindDto::FollowUp,
            HistoryKind::Email => HistoryKindDto::Email,
        }
    }
}

/// A customer's problem or complaint, worked to a checked resolution.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDto {
    pub id: Uuid,
    /// Gap-free per organisation, from 1.
    #[schema(example = 123)]
    pub number: i64,
    /// The number as people say it; a reply whose subject carries it threads onto the case.
    #[schema(example = "CASE-000123")]
    pub reference: String,
    /// The problem, in a line.
    #[schema(example = "Invoice charged twice")]
    pub subject: String,
    /// The problem as the customer told it.
    pub description: Option<String>,
    pub status: CaseStatusDto,
    pub priority: PriorityDto,
    /// The organisation's own classification (`billing`, `delivery`…); SLA policies match on it.
    #[schema(example = "billing")]
    pub category: Option<String>,
    /// The team that works it.
    #[schema(example = "tier 1")]
    pub team: Option<String>,
    /// The staff user working it.
    pub assignee_id: Option<Uuid>,
    /// The channel it came in on.
    pub channel: ChannelDto,
    /// The interaction that raised it (a call, an email, a public social post).
    pub interaction_id: Option<Uuid>,
    /// The people it concerns, in the order given.
    pub person_ids: Vec<Uuid>,
    /// The companies it concerns, in the order given.
    pub company_ids: Vec<Uuid>,
    /// How it was solved.
    pub resolution: Option<String>,
    /// When staff first answered with a public comment.
    pub first_response_at: Option<DateTime<Utc>>,
    /// When it was last resolved; a reopened case has none.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    pub sla: CaseSlaDto,
    pub follow_up: FollowUpDto,
    /// The staff user who opened it; null when an API key did.
    pub created_by: Option<Uuid>,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=case`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Case> for CaseDto {
    fn from(c: Case) -> Self {
        let sla = CaseSlaDto::from(&c);
        Self {
            id: c.id.into(),
            number: c.number,
            reference: reference(c.number),
            subject: c.subject,
            description: c.description,
            status: c.status.into(),
            priority: c.priority.into(),
            category: c.category,
            team: c.team,
            assignee_id: c.assignee_id.map(Into::into),
            channel: c.channel.into(),
            interaction_id: c.interaction_id,
            person_ids: c.person_ids.into_iter().map(Into::into).collect(),
            company_ids: c.company_ids.into_iter().map(Into::into).collect(),
            resolution: c.resolution,
            first_response_at: c.first_response_at,
            resolved_at: c.resolved_at,
            closed_at: c.closed_at,
            sla,
            follow_up: c.follow_up.into(),
            created_by: c.created_by.map(Into::into),
            tags: c.tags,
            custom_fields: c.custom_fields,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
        }
    }
}

crate::page_of!(CasePage, CaseDto);

/// Where the case stands against its SLA policy, counted in the organisation's business
/// hours. The resolution clock stops while the case is `pending_customer`, `resolved` or
/// `closed`, and its deadline moves on by the time stopped.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSlaDto {
    /// The policy the case is worked to; null when none matches its priority and category.
    pub policy_id: Option<Uuid>,
    /// When staff must first answer publicly.
    pub first_response_due_at: Option<DateTime<Utc>>,
    /// When the case must be resolved; null while the clock is stopped.
    pub resolution_due_at: Option<DateTime<Utc>>,
    /// The next deadline still to be met (time to breach); null when none runs.
    pub due_at: Option<DateTime<Utc>>,
    /// Whether the resolution clock is stopped.
    pub paused: bool,
    /// Whether a target was missed.
    pub breached: bool,
    /// The deadline the first response missed.
    pub first_response_breached_at: Option<DateTime<Utc>>,
    /// The deadline the resolution missed.
    pub resolution_breached_at: Option<DateTime<Utc>>,
}

impl From<&Case> for CaseSlaDto {
    fn from(c: &Case) -> Self {
        Self {
            policy_id: c.sla.policy_id,
            first_response_due_at: c.sla.first_response_due_at,
            resolution_due_at: c.sla.resolution_due_at,
            due_at: c.sla.due_at(c.first_response_at),
            paused: c.sla.paused_at.is_some(),
            breached: c.sla.breached(),
            first_response_breached_at: c.sla.first_response_breached_at,
            resolution_breached_at: c.sla.resolution_breached_at,
        }
    }
}

/// The check with the customer once the case is resolved: a task asks whether the
/// problem is really solved; the answer is recorded with `POST /v1/cases/{id}/follow-up`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpDto {
    /// The task that asks.
    pub task_id: Option<Uuid>,
    /// The customer's answer; null until given.
    pub solved: Option<bool>,
    /// Satisfaction, 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<u8>,
    /// What the customer said about it.
    pub comment: Option<String>,
    /// When the answer was recorded.
    pub answered_at: Option<DateTime<Utc>>,
}

impl From<crm_interactions::case::FollowUp> for FollowUpDto {
    fn from(f: crm_interactions::case::FollowUp) -> Self {
        Self {
            task_id: f.task_id,
            solved: f.solved,
            rating: f.rating,
            comment: f.comment,
            answered_at: f.answered_at,
        }
    }
}

/// A comment on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentDto {
    pub id: Uuid,
    /// The case it is on.
    pub case_id: Uuid,
    /// What was said.
    #[schema(example = "Refund issued; it shows on your statement within 5 days.")]
    pub body: String,
    pub visibility: CommentVisibilityDto,
    /// The staff user who wrote it; null when an API key did.
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Comment> for CommentDto {
    fn from(c: Comment) -> Self {
        Self {
            id: c.id,
            case_id: c.case_id.into(),
            body: c.body,
            visibility: c.visibility.into(),
            author_id: c.author_id.map(Into::into),
            created_at: c.created_at,
        }
    }
}

crate::page_of!(CommentPage, CommentDto);

/// Who made a change: a staff user, an API key, or the server itself (an SLA job).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorTypeDto {
    User,
    ApiKey,
    System,
}

/// One entry of a case's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryDto {
    pub id: Uuid,
    pub kind: HistoryKindDto,
    /// The value before (a status, a user id, a priority…); null when there was none.
    pub from: Option<String>,
    /// The value after; for a comment, its visibility.
    pub to: Option<String>,
    /// The comment, for a `comment` entry.
    pub comment_id: Option<Uuid>,
    pub actor_type: ActorTypeDto,
    /// The user or API key; null for the server.
    pub actor_id: Option<Uuid>,
    /// When it happened.
    pub at: DateTime<Utc>,
}

impl From<HistoryEntry> for HistoryEntryDto {
    fn from(h: HistoryEntry) -> Self {
        let (actor_type, actor_id) = match h.by {
            By::User(u) => (ActorTypeDto::User, Some(u.0)),
            By::ApiKey(k) => (ActorTypeDto::ApiKey, Some(k)),
            By::System => (ActorTypeDto::System, None),
        };
        Self {
            id: h.id,
            kind: h.kind.into(),
            from: h.from,
            to: h.to,
            comment_id: h.comment_id,
            actor_type,
            actor_id,
            at: h.at,
        }
    }
}

crate::page_of!(HistoryPage, HistoryEntryDto);
