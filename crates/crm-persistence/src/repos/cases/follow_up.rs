//! The follow-up check of a resolved case: a task, due some days after resolution,
//! asking whether the problem is really solved; done when the customer answers,
//! cancelled when the case is reopened first.

use crate::error::Result;
use crate::repos::tasks;
use chrono::{Duration, Utc};
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::{Actor, Principal};
use crm_interactions::case::reference;
use crm_interactions::task::{NewTask, Priority, TaskPatch, TaskStatus};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// What the task is about: the case resolved now.
pub(super) struct Resolved<'a> {
    pub number: i64,
    pub subject: &'a str,
    pub assignee: Option<UserId>,
    pub people: Vec<PersonId>,
    pub companies: Vec<CompanyId>,
}

/// Adds the follow-up task, due `days` from now, for the case's assignee.
pub(super) async fn open_task<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    case: Resolved<'_>,
    days: u32,
) -> Result<Uuid> {
    let r = reference(case.number);
    let task = NewTask {
        title: format!("Check with the customer that {r} is solved"),
        description: Some(format!(
            "{r}: {}. Ask whether the problem is really solved and how satisfied they are \
             (1 to 5), then record it with POST /v1/cases/{{id}}/follow-up.",
            case.subject
        )),
        due_at: Some(Utc::now() + Duration::days(i64::from(days))),
        time_zone: "UTC".into(),
        assignee_id: case.assignee,
        priority: Priority::Normal,
        recurrence: None,
        person_ids: case.people,
        company_ids: case.companies,
        interaction_id: None,
        tags: Vec::new(),
        custom_fields: Vec::new(),
    };
    Ok(tasks::create_in(c, actor, task).await?.id.0)
}

/// Marks the follow-up task `status` (done or cancelled) if it is still open; the
/// server does it, so it reaches a task whoever may see it.
pub(super) async fn close_task<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    task: Option<Uuid>,
    status: TaskStatus,
) -> Result<()> {
    let Some(task) = task else { return Ok(()) };
    let server = Actor::new(org, Principal::System, None);
    if tasks::status_of(c, &server, task).await? != Some(TaskStatus::Open) {
        return Ok(());
    }
    let patch = TaskPatch {
        status: Some(status),
        ..TaskPatch::default()
    };
    tasks::update_in(c, &server, task, patch, None).await?;
    Ok(())
}
