//! sea-orm entities, one per table. They never leave this crate.

pub mod api_key;
pub mod audit_event;
pub mod idempotency_key;
pub mod organisation;
pub mod outbox_event;
pub mod refresh_token;
pub mod setting;
pub mod user;
