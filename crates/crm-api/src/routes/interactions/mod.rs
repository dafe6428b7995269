//! The interactions area: every touch with a customer on every channel.

#[allow(clippy::module_inception)]
pub mod interactions;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[interactions::SECTION];
