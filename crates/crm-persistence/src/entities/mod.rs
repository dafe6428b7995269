//! sea-orm entities, one per table. They never leave this crate.

pub mod api_key;
pub mod audit_event;
pub mod company;
pub mod company_tag;
pub mod consent;
pub mod custom_field;
pub mod custom_field_value;
pub mod employment;
pub mod idempotency_key;
pub mod import;
pub mod import_chunk;
pub mod import_row_error;
pub mod job;
pub mod lifecycle_change;
pub mod organisation;
pub mod outbox_event;
pub mod person;
pub mod person_email;
pub mod person_phone;
pub mod person_tag;
pub mod refresh_token;
pub mod setting;
pub mod tag;
pub mod user;
