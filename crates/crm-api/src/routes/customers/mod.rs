//! The customers area: people and companies, and the postal addresses both carry.

pub mod addresses;
pub mod companies;
pub mod people;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[people::SECTION, companies::SECTION];
