//! The writes of interaction imports: the batch, each row in a savepoint, committed with
//! the import's progress (the records rows name by a key are found by
//! `repos::imports::references`).

use super::Interactions;
use super::batch::{Op, apply};
use crate::db::Db;
use crate::error::{StoreError, port};
use crate::repos::imports::{failure, running, settle};
use async_trait::async_trait;
use crm_core::{Actor, DomainError, DomainResult};
use crm_interactions::ports::InteractionImportWriter;
use crm_records::batch::BatchOutcome;
use crm_records::import::Progress;
use crm_records::import::rows::Checked;
use sea_orm::TransactionTrait;
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
        port(async {
            let txn = self.0.begin_write().await?;
            let m = running(&txn, actor, id, from).await?;
            let mut failures = Vec::new();
            let (mut created, mut updated) = (0i64, 0i64);
            let batch = txn.begin().await?;
            for mut row in rows {
                let op = match std::mem::replace(&mut row.op, Err(Vec::new())) {
                    Ok(op) => op,
                    Err(errors) => {
                        failures.push(failure(actor, id, &row, errors));
                        continue;
                    }
                };
                let one = batch.begin().await?;
                match apply(&one, actor, op).await {
                    Ok(outcome) => {
                        one.commit().await?;
                        match outcome {
                            BatchOutcome::Created(_) => created += 1,
                            BatchOutcome::Updated(_) => updated += 1,
                        }
                    }
                    Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
                    Err(e) => {
                        one.rollback().await?;
                        let errors = row.errors_of(e.into());
                        failures.push(failure(actor, id, &row, errors));
                    }
                }
            }
            Db::finish(batch, dry_run).await?;
            settle(txn, m, to, (created, updated), failures).await
        })
        .await
    }
}
