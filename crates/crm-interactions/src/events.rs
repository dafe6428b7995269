//! The event types of the interactions area.

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

/// Every event type of the interactions area.
pub const ALL: &[EventType] = &[
    INTERACTION_CREATED,
    INTERACTION_UPDATED,
    INTERACTION_DELETED,
    INTERACTION_RESTORED,
];
