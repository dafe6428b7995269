//! The interactions area: every touch with a customer on every channel, and the tasks
//! that follow.

#[allow(clippy::module_inception)]
pub mod interactions;
pub mod tasks;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[interactions::SECTION, tasks::SECTION];
