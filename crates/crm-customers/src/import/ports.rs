//! The port persistence implements to write a batch of people rows.

use super::run::ImportItem;
use async_trait::async_trait;
use crm_core::{Actor, DomainResult};
use crm_records::import::Progress;
use uuid::Uuid;

#[async_trait]
pub trait PeopleImportWriter: Send + Sync {
    /// Writes `items` (rows `from + 1 ..= to`) in one transaction with the progress, if
    /// the import is still running and its progress is still `from` (so a batch is never
    /// written twice). With `dry_run`, the rows are checked and rolled back.
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        items: Vec<ImportItem>,
        dry_run: bool,
    ) -> DomainResult<Progress>;
}
