//! Shared kernel of the CRM: typed ids, the actor context, domain errors, pages and
//! cursors, and the JSON filter tree. No I/O, no ORM, no HTTP.

pub mod actor;
pub mod email;
pub mod error;
pub mod events;
pub mod filter;
pub mod ids;
pub mod jobs;
pub mod page;
pub mod sort;

pub use actor::{Actor, Principal, Reach};
pub use email::Email;
pub use error::{DomainError, DomainResult, Fault, FieldError};
pub use events::EventType;
pub use ids::new_id;
