//! The port persistence implements for every resource's imports: the upload's chunks,
//! the import's state, its row errors, and a worker's hold on it. Writing a batch of
//! rows is each resource's own port (`run::RowImporter`).

use super::scan::Chunk;
use super::{Import, ImportOptions, RowError};
use async_trait::async_trait;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use uuid::Uuid;

/// An import to create, its mapping already checked.
#[derive(Debug, Clone)]
pub struct NewImport {
    pub options: ImportOptions,
    pub columns: Vec<String>,
    pub mapping: Vec<(String, String)>,
}

#[async_trait]
pub trait ImportQueue: Send + Sync {
    /// Creates the import while its file is uploading.
    async fn create(&self, actor: &Actor, new: NewImport) -> DomainResult<Import>;
    async fn add_chunk(&self, actor: &Actor, id: Uuid, chunk: Chunk) -> DomainResult<()>;
    /// Ends the upload: queues the import and its job (of its resource's kind) in one
    /// transaction.
    async fn uploaded(
        &self,
        actor: &Actor,
        id: Uuid,
        rows_total: u64,
        bytes: u64,
    ) -> DomainResult<Import>;
    /// Deletes an upload that failed, with its chunks.
    async fn discard(&self, actor: &Actor, id: Uuid) -> DomainResult<()>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Import>;
    async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<Import>>;
    /// The rows that failed, in row order.
    async fn row_errors(
        &self,
        actor: &Actor,
        id: Uuid,
        page: &PageRequest,
    ) -> DomainResult<Page<RowError>>;
    /// Stops a queued or running import after the batch in flight; a 409 once final.
    async fn cancel(&self, actor: &Actor, id: Uuid) -> DomainResult<Import>;

    /// For a worker: marks the import running and returns it with the actor it runs as
    /// (its creator), or `None` when there is nothing left to do.
    async fn open(&self, id: Uuid) -> DomainResult<Option<(Actor, Import)>>;
    /// The stored chunk holding data row `row`, if any.
    async fn chunk_at(&self, actor: &Actor, id: Uuid, row: u64) -> DomainResult<Option<Chunk>>;
    /// Marks a running import completed, or failed with `failure`; its chunks are removed.
    async fn finish(&self, actor: &Actor, id: Uuid, failure: Option<String>) -> DomainResult<()>;
}
