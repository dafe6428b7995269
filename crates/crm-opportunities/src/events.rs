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

pub const OPPORTUNITY_CREATED: EventType = EventType::new(
    "opportunity.created",
    "opportunity",
    "An opportunity was added",
);
pub const OPPORTUNITY_UPDATED: EventType = EventType::new(
    "opportunity.updated",
    "opportunity",
    "An opportunity changed (a stage move, a won or lost close among them)",
);
pub const OPPORTUNITY_DELETED: EventType = EventType::new(
    "opportunity.deleted",
    "opportunity",
    "An opportunity was deleted (restorable)",
);
pub const OPPORTUNITY_RESTORED: EventType = EventType::new(
    "opportunity.restored",
    "opportunity",
    "A deleted opportunity was restored",
);

/// Every event type of the area, for the catalogue.
pub const ALL: &[EventType] = &[
    PIPELINE_CREATED,
    PIPELINE_UPDATED,
    PIPELINE_DELETED,
    PIPELINE_RESTORED,
    OPPORTUNITY_CREATED,
    OPPORTUNITY_UPDATED,
    OPPORTUNITY_DELETED,
    OPPORTUNITY_RESTORED,
];
