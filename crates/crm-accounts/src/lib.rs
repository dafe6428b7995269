//! Accounts domain: organisations (the tenants), staff users and their roles, the one
//! permission table, API keys, sessions, and the audit log, with the ports that
//! persistence implements and the service the API calls.

pub mod audit;
pub mod caller_cache;
pub mod catalogue;
pub mod events;
pub mod model;
pub mod password;
pub mod permission;
pub mod ports;
pub mod service;
pub mod token;

pub use crm_core::Email;
pub use model::{ApiKey, NewUser, Organisation, User, UserPatch, UserStatus};
pub use permission::{Action, Area, Role};
pub use service::AccountsService;
