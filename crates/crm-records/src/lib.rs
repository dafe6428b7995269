//! What every area's records share, so a deal or a case gets custom fields, tags,
//! batches, imports and money without depending on another area's crate: custom fields
//! for an open set of resources, the tag catalogue's names, batch types, text checks,
//! imports from CSV/NDJSON (upload, mapping, resumable runs), `Money`, and the ports and use cases every record resource
//! shares (`RecordStore`, `Records`). Depends on `crm-core` only; no I/O.

pub mod batch;
pub mod custom_field;
pub mod import;
pub mod merge;
pub mod money;
pub mod ports;
pub mod records;
pub mod split;
pub mod spreadsheet;
pub mod tag;
pub mod text;
pub mod timeline;

pub use money::{Currency, Money};
