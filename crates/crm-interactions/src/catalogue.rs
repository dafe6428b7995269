//! What callers may sort and filter interactions by.

use crate::case::CaseStatus;
use crate::interaction::{Channel, Direction, Visibility};
use crate::task::{Priority, TaskStatus};
use crm_core::filter::{FieldCatalogue, FieldType};
use crm_core::sort::{SortField, SortKind};

pub const INTERACTION_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::new("occurred_at", SortKind::Timestamp),
];

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> FieldType {
    FieldType::Enum(all.iter().map(|v| name(*v).to_string()).collect())
}

/// The fields of an interaction the filter language may name. `person_id`,
/// `company_id` and `user_id` name one of its links: `eq`/`in` match when any linked
/// record is one of them, `neq`/`not_in` when none is, `is_null` when it has none.
pub fn interaction_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("channel", names(&Channel::ALL, Channel::as_str), false)
        .field("direction", names(&Direction::ALL, Direction::as_str), true)
        .field("occurred_at", FieldType::Timestamp, false)
        .field("duration_seconds", FieldType::Integer, true)
        .field("subject", FieldType::Text, true)
        .field("outcome", FieldType::Text, true)
        .field("social.network", FieldType::Text, true)
        .field(
            "social.visibility",
            names(&Visibility::ALL, Visibility::as_str),
            true,
        )
        .field("person_id", FieldType::Uuid, true)
        .field("company_id", FieldType::Uuid, true)
        .field("user_id", FieldType::Uuid, true)
        .field("logged_by", FieldType::Uuid, true)
        .field("external_id", FieldType::Text, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
}

pub const TASK_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::optional("due_at", SortKind::Timestamp),
];

/// The fields of a task the filter language may name; `person_id` and `company_id`
/// match any linked record, as on interactions.
pub fn task_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("title", FieldType::Text, false)
        .field("status", names(TaskStatus::ALL, TaskStatus::as_str), false)
        .field("priority", names(Priority::ALL, Priority::as_str), false)
        .field("due_at", FieldType::Timestamp, true)
        .field("completed_at", FieldType::Timestamp, true)
        .field("assignee_id", FieldType::Uuid, true)
        .field("created_by", FieldType::Uuid, true)
        .field("interaction_id", FieldType::Uuid, true)
        .field("person_id", FieldType::Uuid, true)
        .field("company_id", FieldType::Uuid, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
}

pub const CASE_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::new("number", SortKind::Integer),
    SortField::optional("sla_due_at", SortKind::Timestamp),
];

/// The fields of a case the filter language may name; `person_id` and `company_id`
/// match any linked record, as on interactions.
pub fn case_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("number", FieldType::Integer, false)
        .field("subject", FieldType::Text, false)
        .field("status", names(CaseStatus::ALL, CaseStatus::as_str), false)
        .field("priority", names(Priority::ALL, Priority::as_str), false)
        .field("category", FieldType::Text, true)
        .field("team", FieldType::Text, true)
        .field("channel", names(&Channel::ALL, Channel::as_str), false)
        .field("assignee_id", FieldType::Uuid, true)
        .field("created_by", FieldType::Uuid, true)
        .field("interaction_id", FieldType::Uuid, true)
        .field("person_id", FieldType::Uuid, true)
        .field("company_id", FieldType::Uuid, true)
        .field("first_response_at", FieldType::Timestamp, true)
        .field("resolved_at", FieldType::Timestamp, true)
        .field("closed_at", FieldType::Timestamp, true)
        .field("sla_breached", FieldType::Boolean, false)
        .field("sla_due_at", FieldType::Timestamp, true)
        .field("first_response_due_at", FieldType::Timestamp, true)
        .field("resolution_due_at", FieldType::Timestamp, true)
        .field("sla_policy_id", FieldType::Uuid, true)
        .field("follow_up_solved", FieldType::Boolean, true)
        .field("satisfaction_rating", FieldType::Integer, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
}
