//! The shared HTTP machinery every area reuses: problem+json errors, the request
//! context, body and query extraction, pages, ETags, merge-patch fields.

pub mod context;
pub mod echo;
pub mod error;
pub mod etag;
pub mod extract;
pub mod filter;
pub mod moment;
pub mod money;
pub mod page;
pub mod patch;
pub mod problems;
pub mod text;
pub mod wording;
