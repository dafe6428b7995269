//! Opportunities domain: the sales pipelines opportunities move through, their ordered
//! stages with win probabilities, and the ports persistence implements. Depends on
//! `crm-core` and `crm-records` only.

pub mod events;
pub mod pipeline;
pub mod ports;
pub mod service;

pub use pipeline::{NewPipeline, Pipeline, PipelineInput, Stage, StageKind};
pub use service::OpportunitiesService;
