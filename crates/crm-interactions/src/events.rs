//! The event types of the interactions area: interactions, tasks and service cases.

use crm_core::EventType;

pub const INTERACTION_CREATED: EventType = EventType::new(
    "interaction.created",
    "interaction",
    "An interaction with a customer was logged",
);
pub const INTERACTION_UPDATED: EventType = EventType::new(
    "interaction.updated",
    "interaction",
    "A logged interaction changed",
);
pub const INTERACTION_DELETED: EventType = EventType::new(
    "interaction.deleted",
    "interaction",
    "An interaction was deleted (restorable)",
);
pub const INTERACTION_RESTORED: EventType = EventType::new(
    "interaction.restored",
    "interaction",
    "A deleted interaction was restored",
);

pub const TASK_CREATED: EventType = EventType::new("task.created", "task", "A task was added");
pub const TASK_UPDATED: EventType = EventType::new(
    "task.updated",
    "task",
    "A task changed (done, reassigned, moved…)",
);
pub const TASK_DELETED: EventType =
    EventType::new("task.deleted", "task", "A task was deleted (restorable)");
pub const TASK_RESTORED: EventType =
    EventType::new("task.restored", "task", "A deleted task was restored");
pub const TASK_DUE: EventType = EventType::new(
    "task.due",
    "task",
    "An open task reached its due time (sent at that time)",
);
pub const TASK_OVERDUE: EventType = EventType::new(
    "task.overdue",
    "task",
    "A task was still open a day after its due time",
);

pub const CASE_CREATED: EventType =
    EventType::new("case.created", "case", "A service case was opened");
pub const CASE_UPDATED: EventType = EventType::new(
    "case.updated",
    "case",
    "A case changed (status, assignee, priority…)",
);
pub const CASE_DELETED: EventType =
    EventType::new("case.deleted", "case", "A case was deleted (restorable)");
pub const CASE_RESTORED: EventType =
    EventType::new("case.restored", "case", "A deleted case was restored");
pub const CASE_COMMENTED: EventType = EventType::new(
    "case.commented",
    "case",
    "A comment (public or internal) was added to a case",
);
pub const CASE_SLA_BREACHED: EventType = EventType::new(
    "case.sla_breached",
    "case",
    "A case missed its first-response or resolution target (sent when it happens)",
);
pub const SLA_POLICY_CREATED: EventType = EventType::new(
    "sla_policy.created",
    "sla_policy",
    "An SLA policy was added",
);
pub const SLA_POLICY_UPDATED: EventType =
    EventType::new("sla_policy.updated", "sla_policy", "An SLA policy changed");
pub const SLA_POLICY_DELETED: EventType = EventType::new(
    "sla_policy.deleted",
    "sla_policy",
    "An SLA policy was deleted",
);
pub const SLA_POLICY_RESTORED: EventType = EventType::new(
    "sla_policy.restored",
    "sla_policy",
    "A deleted SLA policy was restored",
);
pub const BUSINESS_HOURS_UPDATED: EventType = EventType::new(
    "business_hours.updated",
    "business_hours",
    "The organisation's business hours changed",
);

/// Every event type of the interactions area.
pub const ALL: &[EventType] = &[
    INTERACTION_CREATED,
    INTERACTION_UPDATED,
    INTERACTION_DELETED,
    INTERACTION_RESTORED,
    TASK_CREATED,
    TASK_UPDATED,
    TASK_DELETED,
    TASK_RESTORED,
    TASK_DUE,
    TASK_OVERDUE,
    CASE_CREATED,
    CASE_UPDATED,
    CASE_DELETED,
    CASE_RESTORED,
    CASE_COMMENTED,
    CASE_SLA_BREACHED,
    SLA_POLICY_CREATED,
    SLA_POLICY_UPDATED,
    SLA_POLICY_DELETED,
    SLA_POLICY_RESTORED,
    BUSINESS_HOURS_UPDATED,
];
