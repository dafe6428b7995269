//! Wire types of tasks, as reads return them, and the enums writes share.

use chrono::{DateTime, NaiveDate, Utc};
use crm_interactions::task::{Frequency, Priority, Recurrence, Task, TaskStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How soon it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriorityDto {
    Low,
    Normal,
    High,
    Urgent,
}
crate::mirror!(PriorityDto, Priority, [Low, Normal, High, Urgent]);

/// Where a task stands: `open` until `done` or `cancelled`; either may be reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatusDto {
    Open,
    Done,
    Cancelled,
}
crate::mirror!(TaskStatusDto, TaskStatus, [Open, Done, Cancelled]);

/// How often a recurring task comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FrequencyDto {
    Daily,
    Weekly,
    Monthly,
}
crate::mirror!(FrequencyDto, Frequency, [Daily, Weekly, Monthly]);

/// Every `interval` days, weeks or months after the due time, in the task's time zone;
/// when a recurring task is done, its next occurrence is added.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecurrenceDto {
    pub frequency: FrequencyDto,
    /// How many days, weeks or months between occurrences (1 if absent).
    #[schema(example = 1, minimum = 1, maximum = 99)]
    #[serde(default = "one")]
    pub interval: i64,
    /// The last day an occurrence may fall on.
    pub until: Option<NaiveDate>,
}

fn one() -> i64 {
    1
}

impl From<Recurrence> for RecurrenceDto {
    fn from(r: Recurrence) -> Self {
        Self {
            frequency: r.frequency.into(),
            interval: i64::from(r.interval),
            until: r.until,
        }
    }
}

/// Something a staff user must do for a customer by a time.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskDto {
    pub id: Uuid,
    /// What to do, in a line.
    #[schema(example = "Call back about the renewal")]
    pub title: String,
    /// More about it.
    pub description: Option<String>,
    /// When it is due; reminders (`task.due`, `task.overdue` a day later) follow it.
    pub due_at: Option<DateTime<Utc>>,
    /// The IANA zone the due time and recurrence are kept in.
    #[schema(example = "Europe/Paris")]
    pub time_zone: String,
    /// The staff user who must do it.
    pub assignee_id: Option<Uuid>,
    pub priority: PriorityDto,
    pub status: TaskStatusDto,
    /// When it was marked done.
    pub completed_at: Option<DateTime<Utc>>,
    /// How the task comes back once done; null for a one-off.
    pub recurrence: Option<RecurrenceDto>,
    /// The people it concerns, in the order given.
    pub person_ids: Vec<Uuid>,
    /// The companies it concerns, in the order given.
    pub company_ids: Vec<Uuid>,
    /// The interaction it follows up on.
    pub interaction_id: Option<Uuid>,
    /// The staff user who created it; null when an API key did.
    pub created_by: Option<Uuid>,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=task`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Task> for TaskDto {
    fn from(t: Task) -> Self {
        Self {
            id: t.id.into(),
            title: t.title,
            description: t.description,
            due_at: t.due_at,
            time_zone: t.time_zone,
            assignee_id: t.assignee_id.map(Into::into),
            priority: t.priority.into(),
            status: t.status.into(),
            completed_at: t.completed_at,
            recurrence: t.recurrence.map(Into::into),
            person_ids: t.person_ids.into_iter().map(Into::into).collect(),
            company_ids: t.company_ids.into_iter().map(Into::into).collect(),
            interaction_id: t.interaction_id,
            created_by: t.created_by.map(Into::into),
            tags: t.tags,
            custom_fields: t.custom_fields,
            created_at: t.created_at,
            updated_at: t.updated_at,
            version: t.version,
        }
    }
}

crate::page_of!(TaskPage, TaskDto);
