//! Imports of people: started by an upload, run by a worker, watched and cancelled here.

use super::CustomersPorts;
use crate::import::RowError;
use crate::import::upload::Upload;
use crate::import::{Import, ImportOptions};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;
use uuid::Uuid;

/// The import use cases.
#[derive(Clone)]
pub struct Imports(pub(super) Arc<CustomersPorts>);

impl Imports {
    /// Starts an upload read as `options` say; feed it the file, then finish it.
    pub async fn upload(&self, actor: &Actor, options: ImportOptions) -> DomainResult<Upload> {
        Upload::start(self.0.clone(), actor, options).await
    }

    pub async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Import> {
        self.0.imports.get(actor, id).await
    }

    /// The organisation's imports, newest first.
    pub async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<Import>> {
        self.0.imports.list(actor, page).await
    }

    /// The rows the import refused, in file order.
    pub async fn row_errors(
        &self,
        actor: &Actor,
        id: Uuid,
        page: &PageRequest,
    ) -> DomainResult<Page<RowError>> {
        self.0.imports.row_errors(actor, id, page).await
    }

    /// Stops the import after its current chunk; what was written stays.
    pub async fn cancel(&self, actor: &Actor, id: Uuid) -> DomainResult<Import> {
        self.0.imports.cancel(actor, id).await
    }
}
