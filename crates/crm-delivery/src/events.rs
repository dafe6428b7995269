//! The event types of the delivery area.

use crm_core::EventType;

pub const WEBHOOK_ENDPOINT_CREATED: EventType = EventType::new(
    "webhook_endpoint.created",
    "webhook_endpoint",
    "A webhook endpoint was added",
);
pub const WEBHOOK_ENDPOINT_UPDATED: EventType = EventType::new(
    "webhook_endpoint.updated",
    "webhook_endpoint",
    "A webhook endpoint changed (its URL, events, or enabled again)",
);
pub const WEBHOOK_ENDPOINT_DELETED: EventType = EventType::new(
    "webhook_endpoint.deleted",
    "webhook_endpoint",
    "A webhook endpoint was deleted (restorable)",
);
pub const WEBHOOK_ENDPOINT_RESTORED: EventType = EventType::new(
    "webhook_endpoint.restored",
    "webhook_endpoint",
    "A deleted webhook endpoint was restored",
);
pub const WEBHOOK_ENDPOINT_DISABLED: EventType = EventType::new(
    "webhook_endpoint.disabled",
    "webhook_endpoint",
    "A webhook endpoint was disabled by the server: it answered 410 Gone, or every attempt of a delivery failed",
);
pub const WEBHOOK_ENDPOINT_SECRET_ROTATED: EventType = EventType::new(
    "webhook_endpoint.secret_rotated",
    "webhook_endpoint",
    "A webhook endpoint's signing secret was replaced (the previous one signs too for 24 hours)",
);
pub const WEBHOOK_ENDPOINT_PING: EventType = EventType::new(
    "webhook_endpoint.ping",
    "webhook_endpoint",
    "A test delivery asked for with `POST /v1/webhook-endpoints/{id}/ping`; sent to that endpoint only",
);

pub const TEMPLATE_CREATED: EventType = EventType::new(
    "template.created",
    "template",
    "A message template was added",
);
pub const TEMPLATE_UPDATED: EventType =
    EventType::new("template.updated", "template", "A message template changed");
pub const TEMPLATE_DELETED: EventType = EventType::new(
    "template.deleted",
    "template",
    "A message template was deleted (restorable)",
);
pub const TEMPLATE_RESTORED: EventType = EventType::new(
    "template.restored",
    "template",
    "A deleted message template was restored",
);

/// Every event type of the area.
pub const ALL: &[EventType] = &[
    WEBHOOK_ENDPOINT_CREATED,
    WEBHOOK_ENDPOINT_UPDATED,
    WEBHOOK_ENDPOINT_DELETED,
    WEBHOOK_ENDPOINT_RESTORED,
    WEBHOOK_ENDPOINT_DISABLED,
    WEBHOOK_ENDPOINT_SECRET_ROTATED,
    WEBHOOK_ENDPOINT_PING,
    TEMPLATE_CREATED,
    TEMPLATE_UPDATED,
    TEMPLATE_DELETED,
    TEMPLATE_RESTORED,
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_catalogue_is_well_formed() {
        assert!(crm_core::events::malformed(super::ALL).is_empty());
    }
}
