//! The background work the interactions area owns: a task's reminders and a case's SLA
//! checks, each queued for its time when the record is written (scheduled jobs, not a
//! scan of every task or case).

use crate::InteractionsService;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::jobs::{Job, JobEnd, JobHandler};
use crm_core::{DomainError, DomainResult, EventType};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Sends `task.due` at a task's due time; subject the task, payload [`Reminder`].
pub const TASK_DUE: &str = "task.due";
/// Sends `task.overdue` a day after it; subject the task, payload [`Reminder`].
pub const TASK_OVERDUE: &str = "task.overdue";

/// Checks a case's SLA target at its deadline; subject the case, payload [`SlaCheck`].
pub const CASE_SLA: &str = "case.sla";

/// The target and the deadline a check was scheduled for: a deadline moved since sends
/// nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCheck {
    pub target: crate::sla::Target,
    pub due_at: DateTime<Utc>,
}

/// Checks one SLA deadline of a case.
pub struct SlaJob {
    service: InteractionsService,
}

#[async_trait]
impl JobHandler for SlaJob {
    fn kind(&self) -> &'static str {
        CASE_SLA
    }

    async fn run(&self, job: &Job, _stop: &AtomicBool) -> DomainResult<JobEnd> {
        let org = job
            .org_id
            .ok_or_else(|| DomainError::internal("an SLA check has no organisation"))?;
        let check: SlaCheck = job
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or_else(|| DomainError::internal("an SLA check has no deadline"))?;
        self.service
            .case_store
            .check_sla(org, job.subject_id, check.target, check.due_at)
            .await?;
        Ok(JobEnd::Done)
    }
}

/// The due time a reminder was scheduled for: a task moved since sends nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub due_at: DateTime<Utc>,
}

/// Sends one kind of task reminder.
pub struct ReminderJob {
    service: InteractionsService,
    kind: &'static str,
    event: EventType,
}

#[async_trait]
impl JobHandler for ReminderJob {
    fn kind(&self) -> &'static str {
        self.kind
    }

    async fn run(&self, job: &Job, _stop: &AtomicBool) -> DomainResult<JobEnd> {
        let org = job
            .org_id
            .ok_or_else(|| DomainError::internal("a task reminder has no organisation"))?;
        let reminder: Reminder = job
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or_else(|| DomainError::internal("a task reminder has no due time"))?;
        self.service
            .task_store
            .remind(org, job.subject_id, reminder.due_at, self.event)
            .await?;
        Ok(JobEnd::Done)
    }
}

/// Every job handler of the interactions area.
pub fn handlers(service: &InteractionsService) -> Vec<Arc<dyn JobHandler>> {
    vec![
        Arc::new(ReminderJob {
            service: service.clone(),
            kind: TASK_DUE,
            event: crate::events::TASK_DUE,
        }),
        Arc::new(ReminderJob {
            service: service.clone(),
            kind: TASK_OVERDUE,
            event: crate::events::TASK_OVERDUE,
        }),
        Arc::new(SlaJob {
            service: service.clone(),
        }),
        service.import_job(),
    ]
}
