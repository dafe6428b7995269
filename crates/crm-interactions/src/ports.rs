//! The ports persistence implements for the interactions area. Every method takes the
//! [`Actor`](crm_core::Actor): its organisation scopes the query, and changes are
//! journaled with it.

use crate::case::{Answer, Case, CaseId, CasePatch, Comment, HistoryEntry, NewCase, NewComment};
use crate::import::InteractionOp;
use crate::inbound::{InboundEmail, Received, StoredAttachment};
use crate::interaction::{Interaction, InteractionPatch, NewInteraction};
use crate::sla::{BusinessHours, NewSlaPolicy, SlaPolicy, Target};
use crate::task::{NewTask, Task, TaskPatch};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::ids::OrgId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult, EventType};
use crm_records::batch::ExternalId;
use crm_records::import::Progress;
use crm_records::import::rows::Checked;
pub use crm_records::ports::{BatchStore, CustomFieldRepository, RecordStore};
use uuid::Uuid;

/// Interactions: the shared record store. A create or patch naming a person, company or
/// staff user that is not live in the organisation is a 422 naming the list and index.
/// Batches upsert on `external_id`.
pub trait InteractionRepository:
    RecordStore<Interaction, NewInteraction, InteractionPatch>
    + BatchStore<Interaction, NewInteraction, InteractionPatch, ExternalId>
{
}

/// The writes of interaction imports: a batch with the import's progress.
#[async_trait]
pub trait InteractionImportWriter: Send + Sync {
    /// Writes `rows` (rows `from + 1 ..= to`), each in a savepoint, in one transaction
    /// with the progress, if the import is still running and its progress is still
    /// `from` (a conflict otherwise). With `dry_run`, checked and rolled back.
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<InteractionOp>>,
        dry_run: bool,
    ) -> DomainResult<Progress>;
}

/// Tasks: the shared record store (a task's due time schedules its `task.due` and
/// `task.overdue` reminders in the same transaction; finishing a recurring task adds
/// its next occurrence), and the reminders themselves.
#[async_trait]
pub trait TaskRepository: RecordStore<Task, NewTask, TaskPatch> {
    /// Sends `event` for the task if it is still open and still due at `due`; a task
    /// done, deleted or moved since the reminder was scheduled sends nothing.
    async fn remind(
        &self,
        org: OrgId,
        task: Uuid,
        due: DateTime<Utc>,
        event: EventType,
    ) -> DomainResult<()>;
}

/// Service cases: the shared record store (a new case takes the organisation's next
/// number in its transaction; every status move, assignment and comment lands on its
/// history in the same transaction), their comments and history.
#[async_trait]
pub trait CaseRepository: RecordStore<Case, NewCase, CasePatch> {
    /// Adds a comment; the first public one by staff is the case's first response.
    async fn comment(&self, actor: &Actor, case: CaseId, c: NewComment) -> DomainResult<Comment>;

    /// A case's comments, oldest first.
    async fn comments(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<Comment>>;

    /// A case's history, oldest first.
    async fn history(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<HistoryEntry>>;

    /// Stores the customer's answer to the follow-up check: solved closes the case,
    /// not solved reopens it; the follow-up task is done either way.
    async fn answer(&self, actor: &Actor, case: CaseId, a: Answer) -> DomainResult<Case>;

    /// Marks the case's `target` breached and sends `case.sla_breached` if it is still
    /// unmet and still due at `due`; a case answered, paused, moved or deleted since the
    /// check was scheduled is left alone.
    async fn check_sla(
        &self,
        org: OrgId,
        case: Uuid,
        target: Target,
        due: DateTime<Utc>,
    ) -> DomainResult<()>;
}

/// The organisation's SLA policies and business hours. A change applies to the cases
/// opened, re-prioritised or re-categorised after it; running deadlines stay.
#[async_trait]
pub trait ServiceLevelRepository: Send + Sync {
    /// Every live policy, oldest first (an organisation has a handful).
    async fn policies(&self, actor: &Actor) -> DomainResult<Vec<SlaPolicy>>;
    async fn policy(&self, actor: &Actor, id: Uuid) -> DomainResult<SlaPolicy>;
    async fn create_policy(&self, actor: &Actor, p: NewSlaPolicy) -> DomainResult<SlaPolicy>;
    async fn update_policy(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewSlaPolicy,
        if_version: i64,
    ) -> DomainResult<SlaPolicy>;
    async fn delete_policy(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()>;
    async fn restore_policy(&self, actor: &Actor, id: Uuid) -> DomainResult<SlaPolicy>;
    /// The business hours (around the clock in UTC until set) and their version (0
    /// until set).
    async fn hours(&self, actor: &Actor) -> DomainResult<(BusinessHours, i64)>;
    async fn set_hours(
        &self,
        actor: &Actor,
        h: BusinessHours,
        if_version: Option<i64>,
    ) -> DomainResult<(BusinessHours, i64)>;
}

/// Email-to-case and the files it brings.
#[async_trait]
pub trait InboundRepository: Send + Sync {
    /// Files the message in one transaction: the sender's person (created with source
    /// `email` if no live person has the address), an inbound `email` interaction, and
    /// a new case or a reply on the case it answers, with its attachments. A message
    /// id received before answers `Duplicate` and writes nothing.
    async fn receive(&self, actor: &Actor, email: InboundEmail) -> DomainResult<Received>;

    /// The files on a case, oldest first.
    async fn attachments(&self, actor: &Actor, case: CaseId)
    -> DomainResult<Vec<StoredAttachment>>;

    /// One file on a case and its content (none if it was over the size limit).
    async fn attachment(
        &self,
        actor: &Actor,
        case: CaseId,
        id: Uuid,
    ) -> DomainResult<(StoredAttachment, Option<Vec<u8>>)>;
}
