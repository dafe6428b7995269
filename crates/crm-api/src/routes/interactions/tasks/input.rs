//! What writes, searches and lists of tasks take: a new task, a merge-patch of one,
//! the search body and the list's typed filters (`assignee=me` among them).

use super::dto::{PriorityDto, RecurrenceDto, TaskStatusDto};
use crate::http::error::ApiError;
use crate::http::moment::Moment;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_interactions::task::{RecurrenceInput, TaskInput, TaskPatchInput, TaskStatus};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

impl From<RecurrenceDto> for RecurrenceInput {
    fn from(r: RecurrenceDto) -> Self {
        RecurrenceInput {
            frequency: Some(r.frequency.into()),
            interval: Some(r.interval),
            until: r.until,
        }
    }
}

/// A task to add. A recurring task needs a due time.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Call back about the renewal", "due_at": "2026-12-11T09:00:00+01:00", "time_zone": "Europe/Paris", "priority": "high", "person_ids": ["01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f"]}))]
pub struct CreateTaskRequest {
    /// What to do, in a line.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: String,
    /// More about it.
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// When it is due.
    pub due_at: Option<DateTime<Utc>>,
    /// The IANA zone the due time and recurrence are kept in (UTC if absent).
    #[schema(example = "Europe/Paris", max_length = 64)]
    pub time_zone: Option<String>,
    /// The staff user who must do it.
    pub assignee_id: Option<Uuid>,
    /// `normal` if absent.
    pub priority: Option<PriorityDto>,
    /// How the task comes back once done.
    pub recurrence: Option<RecurrenceDto>,
    /// The people it concerns (live people of the organisation).
    #[serde(default)]
    #[schema(max_items = 50)]
    pub person_ids: Vec<Uuid>,
    /// The companies it concerns.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub company_ids: Vec<Uuid>,
    /// The interaction it follows up on.
    pub interaction_id: Option<Uuid>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's task custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreateTaskRequest> for TaskInput {
    fn from(b: CreateTaskRequest) -> Self {
        TaskInput {
            title: Some(b.title),
            description: b.description,
            due_at: b.due_at,
            time_zone: b.time_zone,
            assignee_id: b.assignee_id.map(UserId),
            priority: b.priority.map(Into::into),
            recurrence: b.recurrence.map(Into::into),
            person_ids: b.person_ids.into_iter().map(PersonId).collect(),
            company_ids: b.company_ids.into_iter().map(CompanyId).collect(),
            interaction_id: b.interaction_id,
            tags: b.tags,
            custom_fields: b.custom_fields,
        }
    }
}

/// A merge-patch of a task: absent fields stay, `null` clears, lists are replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "done"}))]
pub struct UpdateTaskRequest {
    /// What to do, in a line.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Patch<String>,
    /// More about it.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub description: Patch<String>,
    /// When it is due; null for no due time (not for a recurring task).
    #[serde(default)]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub due_at: Patch<DateTime<Utc>>,
    /// The IANA zone the due time and recurrence are kept in.
    #[serde(default)]
    #[schema(value_type = String, required = false, max_length = 64)]
    pub time_zone: Patch<String>,
    /// The staff user who must do it; null for nobody.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Patch<Uuid>,
    #[serde(default)]
    #[schema(value_type = PriorityDto, required = false)]
    pub priority: Patch<PriorityDto>,
    /// `done` records `completed_at` (and adds a recurring task's next occurrence);
    /// `open` reopens.
    #[serde(default)]
    #[schema(value_type = TaskStatusDto, required = false)]
    pub status: Patch<TaskStatusDto>,
    /// How the task comes back once done; null stops it recurring.
    #[serde(default)]
    #[schema(value_type = Option<RecurrenceDto>)]
    pub recurrence: Patch<RecurrenceDto>,
    /// The people it concerns; replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 50)]
    pub person_ids: Patch<Vec<Uuid>>,
    /// The companies it concerns; replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 50)]
    pub company_ids: Patch<Vec<Uuid>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdateTaskRequest> for TaskPatchInput {
    fn from(r: UpdateTaskRequest) -> Self {
        TaskPatchInput {
            title: r.title.map_field(|v| v),
            description: r.description.map_field(|v| v),
            due_at: r.due_at.map_field(|v| v),
            time_zone: r.time_zone.map_field(|v| v),
            assignee_id: r.assignee_id.map_field(UserId),
            priority: r.priority.map_field(Into::into),
            status: r.status.map_field(Into::into),
            recurrence: r.recurrence.map_field(Into::into),
            person_ids: r
                .person_ids
                .map_field(|v| v.into_iter().map(PersonId).collect()),
            company_ids: r
                .company_ids
                .map_field(|v| v.into_iter().map(CompanyId).collect()),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

crate::search_request!(
    /// Fields: `title`, `status`, `priority`, `due_at`, `completed_at`, `assignee_id`,
    /// `created_by`, `interaction_id`, `person_id` and `company_id` (any linked record),
    /// `tags`, `created_at`, `updated_at` and `custom_fields.<key>`.
    TaskSearchRequest,
    example = {"all": [{"field": "status", "op": "eq", "value": "open"}, {"field": "due_at", "op": "lt", "value": "2026-12-12T00:00:00Z"}]},
    sort = "^((created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the task list.
    TaskListParams, sort = "^((created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only tasks assigned to this staff user; `me` for the caller.
        #[param(value_type = Option<String>, pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
        assignee: Option<Bounded<36>>,
        /// Only tasks in this state.
        status: Option<TaskStatusDto>,
        /// Only tasks of this priority.
        priority: Option<PriorityDto>,
        /// Only tasks concerning this person.
        person_id: Option<Uuid>,
        /// Only tasks concerning this company.
        company_id: Option<Uuid>,
        /// Only the follow-ups of this interaction.
        interaction_id: Option<Uuid>,
        /// Only tasks due at or after this time.
        #[param(value_type = Option<String>)]
        due_after: Option<Moment>,
        /// Only tasks due before this time.
        #[param(value_type = Option<String>)]
        due_before: Option<Moment>,
        /// Only tasks with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against titles and descriptions.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl Listing for TaskListParams {
    fn filter(&self, actor: &Actor) -> Result<Option<Filter>, ApiError> {
        let mut all = Vec::new();
        if let Some(a) = crate::http::me::staff_user(self.assignee.as_ref(), actor, "assignee")? {
            all.push(Filter::one(
                "assignee_id",
                FieldType::Uuid,
                true,
                Op::Eq,
                Scalar::Uuid(a),
            ));
        }
        if let Some(s) = self.status {
            let name = TaskStatus::from(s).as_str().into();
            all.push(Filter::one(
                "status",
                FieldType::Text,
                false,
                Op::Eq,
                Scalar::Text(name),
            ));
        }
        if let Some(p) = self.priority {
            let name = crm_interactions::task::Priority::from(p).as_str().into();
            all.push(Filter::one(
                "priority",
                FieldType::Text,
                false,
                Op::Eq,
                Scalar::Text(name),
            ));
        }
        for (field, id) in [
            ("person_id", self.person_id),
            ("company_id", self.company_id),
            ("interaction_id", self.interaction_id),
        ] {
            if let Some(id) = id {
                all.push(Filter::one(
                    field,
                    FieldType::Uuid,
                    true,
                    Op::Eq,
                    Scalar::Uuid(id),
                ));
            }
        }
        for (op, v) in [(Op::Gte, self.due_after), (Op::Lt, self.due_before)] {
            if let Some(Moment(v)) = v {
                let at = Scalar::Timestamp(v);
                all.push(Filter::one("due_at", FieldType::Timestamp, true, op, at));
            }
        }
        all.extend(crate::http::page::tagged(self.tag.as_ref()));
        Ok((!all.is_empty()).then_some(Filter::All(all)))
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
