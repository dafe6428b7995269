//! The opportunities area: sales pipelines and their stages, opportunities, the
//! catalogue and orders.

mod batch;
mod forecasts;
mod imports;
#[allow(clippy::module_inception)]
mod opportunities;
mod orders;
mod pipelines;
mod price_lists;
mod products;
mod scoring;
mod spend;
mod tax_rates;
