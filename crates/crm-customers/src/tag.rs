//! Tags, shared by every taggable resource; people and companies carry them here.

pub use crm_records::tag::*;
