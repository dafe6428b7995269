//! The import use cases every resource shares: watch, list and cancel imports, read
//! their row errors. Starting one is its resource's (`Upload::start` with its fields).

use super::ports::ImportQueue;
use super::{Import, RowError};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;
use uuid::Uuid;

/// The import use cases.
#[derive(Clone)]
pub struct Imports(pub Arc<dyn ImportQueue>);

impl Imports {
    pub async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Import> {
        self.0.get(actor, id).await
    }

    /// The organisation's imports, newest first.
    pub async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<Import>> {
        self.0.list(actor, page).await
    }

    /// The rows the import refused, in file order.
    pub async fn row_errors(
        &self,
        actor: &Actor,
        id: Uuid,
        page: &PageRequest,
    ) -> DomainResult<Page<RowError>> {
        self.0.row_errors(actor, id, page).await
    }

    /// Stops the import after its current chunk; what was written stays.
    pub async fn cancel(&self, actor: &Actor, id: Uuid) -> DomainResult<Import> {
        self.0.cancel(actor, id).await
    }
}
