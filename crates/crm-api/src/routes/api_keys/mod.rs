//! API keys: create (the secret is shown once), list, read and revoke.

pub mod create;
pub mod dto;
pub mod list;
pub mod read;
pub mod revoke;
