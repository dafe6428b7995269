//! The event types of the accounts area: organisations, staff users, API keys.

use crm_core::EventType;

pub const ORGANISATION_CREATED: EventType = EventType::new(
    "organisation.created",
    "organisation",
    "An organisation signed up",
);
pub const ORGANISATION_UPDATED: EventType = EventType::new(
    "organisation.updated",
    "organisation",
    "The organisation's settings changed",
);
pub const USER_CREATED: EventType =
    EventType::new("user.created", "user", "A staff user was added");
pub const USER_UPDATED: EventType = EventType::new(
    "user.updated",
    "user",
    "A staff user's name, role or status changed",
);
pub const USER_PASSWORD_RESET: EventType = EventType::new(
    "user.password_reset",
    "user",
    "A staff user set a new password through a reset link; their sessions ended",
);
pub const USER_DELETED: EventType = EventType::new(
    "user.deleted",
    "user",
    "A staff user was deleted (restorable)",
);
pub const USER_RESTORED: EventType =
    EventType::new("user.restored", "user", "A deleted staff user was restored");
pub const API_KEY_CREATED: EventType =
    EventType::new("api_key.created", "api_key", "An API key was created");
pub const API_KEY_REVOKED: EventType =
    EventType::new("api_key.revoked", "api_key", "An API key was revoked");
pub const API_KEY_TRANSFERRED: EventType = EventType::new(
    "api_key.transferred",
    "api_key",
    "An API key was handed to another staff user, whose deletion it now follows",
);

/// Every event type of the area.
pub const ALL: &[EventType] = &[
    ORGANISATION_CREATED,
    ORGANISATION_UPDATED,
    USER_CREATED,
    USER_UPDATED,
    USER_PASSWORD_RESET,
    USER_DELETED,
    USER_RESTORED,
    API_KEY_CREATED,
    API_KEY_REVOKED,
    API_KEY_TRANSFERRED,
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_accounts_event_is_named_by_its_resource_and_a_verb_once() {
        assert!(crm_core::events::malformed(super::ALL).is_empty());
    }
}
