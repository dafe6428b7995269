//! The interactions use cases, one handle per resource. Handlers call these; the
//! repositories stay behind them.

use crate::case::{Case, CaseId, CasePatch, Comment, HistoryEntry, NewCase, NewComment};
use crate::custom_field::{CASE, INTERACTION, TASK};
use crate::interaction::{Interaction, InteractionPatch, NewInteraction};
use crate::ports::{CaseRepository, CustomFieldRepository, InteractionRepository, TaskRepository};
use crate::task::{NewTask, Task, TaskPatch};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use crm_records::records::Records;
use std::sync::Arc;

/// One adapter per interactions port, as the composition root wires them.
pub struct InteractionsPorts {
    pub interactions: Arc<dyn InteractionRepository>,
    pub tasks: Arc<dyn TaskRepository>,
    pub cases: Arc<dyn CaseRepository>,
    pub custom_fields: Arc<dyn CustomFieldRepository>,
}

/// The interactions use cases.
#[derive(Clone)]
pub struct InteractionsService {
    /// Interactions: checked against the organisation's custom fields, then stored.
    pub interactions: Records<Interaction, NewInteraction, InteractionPatch>,
    /// Tasks, likewise.
    pub tasks: Records<Task, NewTask, TaskPatch>,
    /// Service cases, likewise.
    pub cases: Records<Case, NewCase, CasePatch>,
    /// The task store, for the reminder jobs.
    pub(crate) task_store: Arc<dyn TaskRepository>,
    case_store: Arc<dyn CaseRepository>,
}

impl InteractionsService {
    pub fn new(ports: InteractionsPorts) -> Self {
        Self {
            interactions: Records::new(
                ports.interactions,
                ports.custom_fields.clone(),
                INTERACTION,
            ),
            tasks: Records::new(ports.tasks.clone(), ports.custom_fields.clone(), TASK),
            cases: Records::new(ports.cases.clone(), ports.custom_fields, CASE),
            task_store: ports.tasks,
            case_store: ports.cases,
        }
    }

    /// Adds a checked comment to a case.
    pub async fn comment_on_case(
        &self,
        actor: &Actor,
        case: CaseId,
        comment: NewComment,
    ) -> DomainResult<Comment> {
        self.case_store.comment(actor, case, comment).await
    }

    /// A case's comments, oldest first.
    pub async fn case_comments(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<Comment>> {
        self.case_store.comments(actor, case, page).await
    }

    /// A case's history, oldest first.
    pub async fn case_history(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<HistoryEntry>> {
        self.case_store.history(actor, case, page).await
    }
}
