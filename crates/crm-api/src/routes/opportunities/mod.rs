//! The opportunities area: the sales pipelines opportunities move through, and the
//! opportunities themselves.

#[allow(clippy::module_inception)]
pub mod opportunities;
pub mod pipelines;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[opportunities::SECTION, pipelines::SECTION];
