//! The caller's organisation: read and change its settings.

pub mod read;
pub mod update;
