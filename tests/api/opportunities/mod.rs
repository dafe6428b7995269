//! The opportunities area: sales pipelines and their stages.

mod pipelines;
