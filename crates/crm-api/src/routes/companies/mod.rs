//! Companies: create, read, update, delete and restore, batches, list and search, the
//! people who work there, duplicates and merge.

pub mod batch;
pub mod create;
pub mod delete;
pub mod dto;
pub mod duplicates;
pub mod list;
pub mod merge;
pub mod people;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;
