//! Opportunities domain: the sales pipelines opportunities move through, their ordered
//! stages with win probabilities, the opportunities themselves with their stage moves,
//! the product catalogue, and the ports persistence implements. Depends on `crm-core` and `crm-records` only.

pub mod catalogue;
pub mod custom_field;
pub mod events;
pub mod forecast;
pub mod import;
pub mod jobs;
pub mod opportunity;
pub mod order;
pub mod pipeline;
pub mod ports;
pub mod price_list;
pub mod product;
pub mod scoring;
pub mod service;
pub mod spend;
pub mod tax;
pub mod timeline;

pub use opportunity::{Opportunity, OpportunityId};
pub use pipeline::{NewPipeline, Pipeline, PipelineInput, Stage, StageKind};
pub use service::OpportunitiesService;
