//! What the opportunities area needs from persistence.

use crate::pipeline::{NewPipeline, Pipeline};
use async_trait::async_trait;
use crm_core::{Actor, DomainResult};
use uuid::Uuid;

/// Pipelines and their stages, stored together.
#[async_trait]
pub trait PipelineRepository: Send + Sync {
    /// Every live pipeline, oldest first, with its stages in order.
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Pipeline>>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline>;
    async fn create(&self, actor: &Actor, p: NewPipeline) -> DomainResult<Pipeline>;
    /// Stores `p` over pipeline `id` if it is still at `if_version`: its name, and its
    /// stages in the order given (new ones added, the others changed in place).
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewPipeline,
        if_version: i64,
    ) -> DomainResult<Pipeline>;
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline>;
}

/// Everything the area's service needs.
#[derive(Clone)]
pub struct OpportunitiesPorts {
    pub pipelines: std::sync::Arc<dyn PipelineRepository>,
}
