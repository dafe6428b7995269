//! Companies: create, read, update, delete and restore, list and search, and the people
//! who work there.

pub mod create;
pub mod delete;
pub mod dto;
pub mod list;
pub mod people;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;
