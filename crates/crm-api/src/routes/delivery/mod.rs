//! The delivery area: webhook endpoints, their secrets, delivery logs, replays and
//! test pings; message templates.

pub mod templates;
pub mod webhook_endpoints;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[webhook_endpoints::SECTION, templates::SECTION];
