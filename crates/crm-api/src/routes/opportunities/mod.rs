//! The opportunities area: the sales pipelines opportunities move through.

pub mod pipelines;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[pipelines::SECTION];
