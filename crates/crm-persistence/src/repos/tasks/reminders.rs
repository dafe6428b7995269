//! A task's reminders: `task.due` at its due time and `task.overdue` a day later, queued
//! in the transaction that sets the time. A reminder carries the due time it was queued
//! for, so one left behind by a later move of the task sends nothing.

use crate::error::Result;
use crate::repos::jobs::enqueue_with_in;
use chrono::{DateTime, Duration, Utc};
use crm_core::Actor;
use crm_interactions::jobs::{Reminder, TASK_DUE, TASK_OVERDUE};
use crm_interactions::task::OVERDUE_AFTER_HOURS;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// Queues both reminders of a task due at `due`.
pub(super) async fn schedule<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    task: Uuid,
    due: DateTime<Utc>,
) -> Result<()> {
    let payload = serde_json::to_string(&Reminder { due_at: due }).ok();
    let org = Some(actor.org_id.0);
    enqueue_with_in(c, org, TASK_DUE, task, payload.clone(), Some(due)).await?;
    let late = due + Duration::hours(OVERDUE_AFTER_HOURS);
    enqueue_with_in(c, org, TASK_OVERDUE, task, payload, Some(late)).await?;
    Ok(())
}
