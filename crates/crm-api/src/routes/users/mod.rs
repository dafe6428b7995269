//! Staff users: list, search, create (invite), read, update, delete and restore.

pub mod create;
pub mod delete;
pub mod dto;
pub mod list;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;
