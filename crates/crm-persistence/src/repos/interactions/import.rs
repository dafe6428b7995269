//! The writes of interaction imports: the batch, each row in a savepoint
//! (`repos::imports::each`), committed with the import's progress.

use super::Interactions;
use super::batch::{Op, apply};
use crate::error::port;
use crate::repos::imports::write_each;
use async_trait::async_trait;
use crm_core::{Actor, DomainResult};
use crm_interactions::ports::InteractionImportWriter;
use crm_records::import::Progress;
use crm_records::import::rows::Checked;
use uuid::Uuid;

#[async_trait]
impl InteractionImportWriter for Interactions {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, from, to, dry_run))]
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<Op>>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        port(write_each(
            &self.0,
            actor,
            id,
            from,
            to,
            rows,
            dry_run,
            |c, a, op| Box::pin(apply(c, a, op)),
        ))
        .await
    }
}
