//! The event types of the opportunities area.

use crm_core::EventType;

pub const PIPELINE_CREATED: EventType =
    EventType::new("pipeline.created", "pipeline", "A sales pipeline was added");
pub const PIPELINE_UPDATED: EventType = EventType::new(
    "pipeline.updated",
    "pipeline",
    "A pipeline changed (its name, or stages added, reordered, renamed or retired)",
);
pub const PIPELINE_DELETED: EventType = EventType::new(
    "pipeline.deleted",
    "pipeline",
    "A pipeline was deleted (restorable)",
);
pub const PIPELINE_RESTORED: EventType = EventType::new(
    "pipeline.restored",
    "pipeline",
    "A deleted pipeline was restored",
);

/// Every event type of the area, for the catalogue.
pub const ALL: &[EventType] = &[
    PIPELINE_CREATED,
    PIPELINE_UPDATED,
    PIPELINE_DELETED,
    PIPELINE_RESTORED,
];
