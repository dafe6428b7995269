//! The interactions area: every touch with a customer on every channel, the tasks that
//! follow, and the service cases worked to their service levels.

pub mod cases;
pub mod inbound;
#[allow(clippy::module_inception)]
pub mod interactions;
pub mod service_levels;
pub mod tasks;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[
    interactions::SECTION,
    tasks::SECTION,
    cases::SECTION,
    service_levels::SECTION,
    inbound::SECTION,
];
