//! Interactions domain: every touch with a customer on every channel (calls, emails,
//! meetings, letters, chats, social posts, notes…), linked to the people, companies and
//! staff users involved; the rules that keep them valid and the ports persistence
//! implements. Depends on `crm-core` and `crm-records` only.

pub mod case;
pub mod catalogue;
pub mod custom_field;
pub mod events;
pub mod import;
pub mod inbound;
pub mod interaction;
pub mod jobs;
mod names;
pub mod ports;
pub mod service;
pub mod sla;
pub mod task;
pub mod timeline;

pub use interaction::{Interaction, InteractionPatch, NewInteraction};
pub use service::InteractionsService;
