//! People: the shared customer record. Create, read, update, delete and restore, list
//! with typed filters and free text, search with the filter tree, lifecycle history.

pub mod batch;
pub mod companies;
pub mod consents_list;
pub mod consents_record;
pub mod create;
pub mod data_export;
pub mod delete;
pub mod dto;
pub mod duplicates;
pub mod erase;
pub mod lifecycle_history;
pub mod list;
pub mod merge;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;
