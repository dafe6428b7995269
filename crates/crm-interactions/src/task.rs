//! A task: something a staff user must do for a customer by a time (call back, send the
//! quote), with a priority, an assignee and an optional recurrence; an interaction can
//! ask for one as its follow-up.

use crate::names::names;
use chrono::{DateTime, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_records::custom_field::{CustomField, FieldValue};
use crm_records::ports::Identified;
use crm_records::records::{Checks, new_tags_and_fields, patched_tags_and_fields};
use crm_records::text::{Field, distinct, not_null, text};
use serde::Serialize;
use uuid::Uuid;

crm_core::typed_id!(
    /// The id of a task.
    TaskId
);

names!(
    /// How soon it matters.
    Priority { Low = "low", Normal = "normal", High = "high", Urgent = "urgent" }
);
names!(
    /// Where a task stands: `open` until it is `done` or `cancelled`.
    TaskStatus { Open = "open", Done = "done", Cancelled = "cancelled" }
);
names!(
    /// How often a recurring task comes back.
    Frequency { Daily = "daily", Weekly = "weekly", Monthly = "monthly" }
);

/// A recurrence: every `interval` days, weeks or months after the due time, in the
/// task's time zone (so 09:00 stays 09:00 across daylight saving), until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recurrence {
    pub frequency: Frequency,
    pub interval: u32,
    pub until: Option<NaiveDate>,
}

/// The most a recurrence may skip: 99 days, weeks or months.
pub const MAX_INTERVAL: u32 = 99;
pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 10_000;
/// How many people or companies one task may name, each.
pub const MAX_LINKS: usize = 50;
/// How long after its due time an open task is overdue: a day.
pub const OVERDUE_AFTER_HOURS: i64 = 24;

impl Recurrence {
    /// The due time after `due` in `zone`, or `None` once past `until`. A monthly
    /// recurrence from the 31st falls on the last day of shorter months.
    pub fn next(&self, due: DateTime<Utc>, zone: Tz) -> Option<DateTime<Utc>> {
        let local = due.with_timezone(&zone).naive_local();
        let next = match self.frequency {
            Frequency::Daily => local.checked_add_days(chrono::Days::new(u64::from(self.interval))),
            Frequency::Weekly => {
                local.checked_add_days(chrono::Days::new(7 * u64::from(self.interval)))
            }
            Frequency::Monthly => local.checked_add_months(Months::new(self.interval)),
        }?;
        if self.until.is_some_and(|u| next.date() > u) {
            return None;
        }
        // A local time skipped by a daylight-saving jump moves to the next valid one.
        let at = zone.from_local_datetime(&next).earliest().or_else(|| {
            zone.from_local_datetime(&(next + chrono::Duration::hours(1)))
                .earliest()
        })?;
        Some(at.with_timezone(&Utc))
    }
}

/// A task as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub id: TaskId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub title: String,
    pub description: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    /// The IANA zone the due time and recurrence are kept in.
    pub time_zone: String,
    pub assignee_id: Option<UserId>,
    pub priority: Priority,
    pub status: TaskStatus,
    pub completed_at: Option<DateTime<Utc>>,
    pub recurrence: Option<Recurrence>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    /// The interaction this task follows up on.
    pub interaction_id: Option<Uuid>,
    /// The staff user who created it; `None` for an API key.
    pub created_by: Option<UserId>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Task {
    type Id = TaskId;
}

/// A checked task to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub description: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub time_zone: String,
    pub assignee_id: Option<UserId>,
    pub priority: Priority,
    pub recurrence: Option<Recurrence>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub interaction_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A checked merge-patch of a task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskPatch {
    pub title: Option<String>,
    pub description: Field<String>,
    pub due_at: Field<DateTime<Utc>>,
    pub time_zone: Option<String>,
    pub assignee_id: Field<UserId>,
    pub priority: Option<Priority>,
    pub status: Option<TaskStatus>,
    pub recurrence: Field<Recurrence>,
    pub person_ids: Option<Vec<PersonId>>,
    pub company_ids: Option<Vec<CompanyId>>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// A recurrence as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecurrenceInput {
    pub frequency: Option<Frequency>,
    pub interval: Option<i64>,
    pub until: Option<NaiveDate>,
}

/// A task's fields as given.
#[derive(Debug, Clone, Default)]
pub struct TaskInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub time_zone: Option<String>,
    pub assignee_id: Option<UserId>,
    pub priority: Option<Priority>,
    pub recurrence: Option<RecurrenceInput>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub interaction_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A task patch as given: `None` leaves a field, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct TaskPatchInput {
    pub title: Field<String>,
    pub description: Field<String>,
    pub due_at: Field<DateTime<Utc>>,
    pub time_zone: Field<String>,
    pub assignee_id: Field<UserId>,
    pub priority: Field<Priority>,
    pub status: Field<TaskStatus>,
    pub recurrence: Field<RecurrenceInput>,
    pub person_ids: Field<Vec<PersonId>>,
    pub company_ids: Field<Vec<CompanyId>>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// An IANA time zone that exists (`Europe/Paris`, `UTC`).
pub fn zone(e: &mut Errors, v: Option<String>) -> Option<String> {
    let v = text(e, "time_zone", v, 64)?;
    if v.parse::<Tz>().is_err() {
        e.push(
            "time_zone",
            "invalid_value",
            "must be an IANA time zone such as Europe/Paris",
        );
    }
    Some(v)
}

/// The zone of a stored name; UTC for a name this build's zone table lacks.
pub fn tz(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

fn title(e: &mut Errors, v: Option<String>) -> Option<String> {
    let t = text(e, "title", v, MAX_TITLE);
    if t.is_none() {
        e.push("title", "required", "a task needs a title");
    }
    t
}

fn recurrence(e: &mut Errors, v: RecurrenceInput) -> Option<Recurrence> {
    if v.frequency.is_none() {
        e.push(
            "recurrence.frequency",
            "required",
            "daily, weekly or monthly",
        );
    }
    let interval = v.interval.unwrap_or(1);
    if !(1..=i64::from(MAX_INTERVAL)).contains(&interval) {
        e.push(
            "recurrence.interval",
            "out_of_range",
            format!("between 1 and {MAX_INTERVAL}"),
        );
    }
    Some(Recurrence {
        frequency: v.frequency?,
        interval: u32::try_from(interval).ok()?,
        until: v.until,
    })
}

/// A recurring task needs a due time to recur from.
fn recurs_from_a_due_time(
    e: &mut Errors,
    recurrence: Option<&Recurrence>,
    due: Option<DateTime<Utc>>,
) {
    if recurrence.is_some() && due.is_none() {
        e.push(
            "due_at",
            "required",
            "a recurring task needs a due time to recur from",
        );
    }
}

impl TaskInput {
    /// Checks every field at once.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewTask> {
        let mut e = Errors::new();
        let title = title(&mut e, self.title);
        let recurrence = self.recurrence.and_then(|r| recurrence(&mut e, r));
        recurs_from_a_due_time(&mut e, recurrence.as_ref(), self.due_at);
        let (tags, custom_fields) =
            new_tags_and_fields(&mut e, &self.tags, defs, &self.custom_fields);
        let new = NewTask {
            title: title.unwrap_or_default(),
            description: text(&mut e, "description", self.description, MAX_DESCRIPTION),
            due_at: self.due_at,
            time_zone: zone(&mut e, self.time_zone).unwrap_or_else(|| "UTC".into()),
            assignee_id: self.assignee_id,
            priority: self.priority.unwrap_or(Priority::Normal),
            recurrence,
            person_ids: distinct(&mut e, "person_ids", self.person_ids, MAX_LINKS),
            company_ids: distinct(&mut e, "company_ids", self.company_ids, MAX_LINKS),
            interaction_id: self.interaction_id,
            tags,
            custom_fields,
        };
        e.finish(new)
    }
}

impl TaskPatchInput {
    /// Checks every field the patch names; the rules that join fields are checked on
    /// the task after the patch ([`Task::apply`]).
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<TaskPatch> {
        let mut e = Errors::new();
        let (tags, custom_fields) =
            patched_tags_and_fields(&mut e, self.tags, defs, &self.custom_fields);
        let patch = TaskPatch {
            title: not_null(&mut e, "title", self.title).and_then(|t| title(&mut e, Some(t))),
            description: self
                .description
                .map(|v| text(&mut e, "description", v, MAX_DESCRIPTION)),
            due_at: self.due_at,
            time_zone: not_null(&mut e, "time_zone", self.time_zone)
                .and_then(|z| zone(&mut e, Some(z))),
            assignee_id: self.assignee_id,
            priority: not_null(&mut e, "priority", self.priority),
            status: not_null(&mut e, "status", self.status),
            recurrence: self
                .recurrence
                .map(|r| r.and_then(|r| recurrence(&mut e, r))),
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

/// The stored columns of a task after a patch, checked together.
#[derive(Debug, Clone, PartialEq)]
pub struct Patched {
    pub title: String,
    pub description: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub time_zone: String,
    pub assignee_id: Option<UserId>,
    pub priority: Priority,
    pub status: TaskStatus,
    pub completed_at: Option<DateTime<Utc>>,
    pub recurrence: Option<Recurrence>,
    /// When a recurring task is done: its next occurrence's due time.
    pub next_due: Option<DateTime<Utc>>,
}

impl Task {
    /// The task after `p` at `now`. Status moves: `open` to `done` or `cancelled` and
    /// back to `open` (reopened); done records when. Marking a recurring task done
    /// asks for its next occurrence.
    pub fn apply(&self, p: &TaskPatch, now: DateTime<Utc>) -> DomainResult<Patched> {
        let mut e = Errors::new();
        let keep = |given: &Field<String>, stored: &Option<String>| match given {
            Some(v) => v.clone(),
            None => stored.clone(),
        };
        let status = p.status.unwrap_or(self.status);
        let due_at = p.due_at.unwrap_or(self.due_at);
        let recurrence = p.recurrence.unwrap_or(self.recurrence);
        recurs_from_a_due_time(&mut e, recurrence.as_ref(), due_at);
        let time_zone = p
            .time_zone
            .clone()
            .unwrap_or_else(|| self.time_zone.clone());
        let completed_at = match (self.status, status) {
            (TaskStatus::Done, TaskStatus::Done) => self.completed_at,
            (_, TaskStatus::Done) => Some(now),
            _ => None,
        };
        let finishing = self.status == TaskStatus::Open && status == TaskStatus::Done;
        let next_due = match (finishing, recurrence, due_at) {
            (true, Some(r), Some(due)) => r.next(due, tz(&time_zone)),
            _ => None,
        };
        e.finish(Patched {
            title: p.title.clone().unwrap_or_else(|| self.title.clone()),
            description: keep(&p.description, &self.description),
            due_at,
            time_zone,
            assignee_id: p.assignee_id.unwrap_or(self.assignee_id),
            priority: p.priority.unwrap_or(self.priority),
            status,
            completed_at,
            recurrence,
            next_due,
        })
    }
}

/// Whether a staff user limited to their own work (`Reach::Own`) sees a task: it is
/// assigned to them, they created it, or nobody is assigned.
pub fn in_reach(assignee: Option<UserId>, created_by: Option<UserId>, user: UserId) -> bool {
    assignee.is_none_or(|a| a == user) || created_by == Some(user)
}

/// The shared record use cases check a task through these.
impl Checks<NewTask> for TaskInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewTask> {
        self.validate(defs)
    }
}

impl Checks<TaskPatch> for TaskPatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<TaskPatch> {
        self.validate(defs)
    }
}

#[cfg(test)]
mod tests;
