//! The opportunities area: sales pipelines and their stages, and opportunities.

mod batch;
mod forecasts;
#[allow(clippy::module_inception)]
mod opportunities;
mod pipelines;
mod price_lists;
mod products;
mod tax_rates;
