//! Writing an import batch one row at a time, each row in a savepoint of the batch's
//! transaction, for resources whose rows may update what they match (the rows of a
//! batch may name the same record): a row that fails is rolled back alone and reported,
//! and the batch commits with the import's progress.

use super::{failure, running, settle};
use crate::db::Db;
use crate::error::{Result, StoreError};
use crm_core::{Actor, DomainError};
use crm_records::batch::BatchOutcome;
use crm_records::import::Progress;
use crm_records::import::rows::Checked;
use sea_orm::{DatabaseTransaction, TransactionTrait};
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

/// The write of one row (boxed: a future borrowing the savepoint is `Send` for every
/// lifetime only so).
pub(crate) type Applied<'c, T> = Pin<Box<dyn Future<Output = Result<BatchOutcome<T>>> + Send + 'c>>;

/// Writes `rows` (rows `from + 1 ..= to` of import `id`) with `apply`, each in a
/// savepoint, in one transaction with the progress, if the import is still running and
/// its progress is still `from` (a conflict otherwise). With `dry_run`, the rows are
/// written and rolled back; the progress is kept.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn write_each<Op, T>(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    from: u64,
    to: u64,
    rows: Vec<Checked<Op>>,
    dry_run: bool,
    apply: impl for<'c> Fn(&'c DatabaseTransaction, &'c Actor, Op) -> Applied<'c, T>,
) -> Result<Progress> {
    let txn = db.begin_write().await?;
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
}
