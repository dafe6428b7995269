//! The opportunities area: sales pipelines and their stages, and opportunities.

#[allow(clippy::module_inception)]
mod opportunities;
mod pipelines;
