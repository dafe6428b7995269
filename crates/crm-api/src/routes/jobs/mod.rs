//! Background jobs, as administrators see them.

pub mod list;
