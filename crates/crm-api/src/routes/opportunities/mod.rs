//! The opportunities area: the sales pipelines opportunities move through, the
//! opportunities themselves and their forecasts, orders, the product catalogue, its
//! price lists and tax rates, and lead scoring.

pub mod forecasts;
#[allow(clippy::module_inception)]
pub mod opportunities;
pub mod orders;
pub mod pipelines;
pub mod price_lists;
pub mod products;
pub mod scores;
pub mod scoring_rules;
pub mod tax_rates;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[
    opportunities::SECTION,
    forecasts::SECTION,
    orders::SECTION,
    pipelines::SECTION,
    products::SECTION,
    price_lists::SECTION,
    tax_rates::SECTION,
    scoring_rules::SECTION,
    scores::SECTION,
];
