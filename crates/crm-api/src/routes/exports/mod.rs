//! Exports: people streamed as CSV or NDJSON.

pub mod people;
