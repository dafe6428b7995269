//! Imports of people from CSV or NDJSON: upload, progress, row errors, cancel.

pub mod cancel;
pub mod create;
pub mod dto;
pub mod errors;
pub mod list;
pub mod read;
