//! The transaction of a batch: each item in its own savepoint so that it stands alone,
//! and the whole rolled back when an atomic batch has a failure.

use crate::db::Db;
use crate::error::{Result, port};
use crm_core::{Actor, DomainError, DomainResult};
use crm_records::batch::{BatchOp, BatchOutcome};
use sea_orm::{DatabaseTransaction, TransactionTrait};
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

/// One item's write, borrowing the savepoint and the actor.
pub(crate) type Step<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// Runs `apply` on each op in one write transaction, each in a savepoint; one result per
/// op, in order. With `atomic`, one failure rolls back every item.
pub(crate) async fn in_savepoints<O, T, F>(
    db: &Db,
    actor: &Actor,
    ops: Vec<O>,
    atomic: bool,
    apply: F,
) -> DomainResult<Vec<DomainResult<T>>>
where
    F: for<'a> Fn(&'a DatabaseTransaction, &'a Actor, O) -> Step<'a, T>,
    O: Send,
{
    port(async {
        let txn = db.begin_write().await?;
        let mut results = Vec::with_capacity(ops.len());
        for op in ops {
            let savepoint = txn.begin().await?;
            match apply(&savepoint, actor, op).await {
                Ok(outcome) => {
                    savepoint.commit().await?;
                    results.push(Ok(outcome));
                }
                Err(e) => {
                    savepoint.rollback().await?;
                    results.push(Err(e.into()));
                }
            }
        }
        if atomic && results.iter().any(Result::is_err) {
            txn.rollback().await?;
        } else {
            txn.commit().await?;
        }
        Ok(results)
    })
    .await
}

/// What an upsert's key matched: `None` when nothing (create), the one record's id, or
/// 409 when `ids` holds several (`plural` names them, `hint` says what to do).
pub(crate) fn single_match(ids: &[Uuid], plural: &str, hint: &str) -> Result<Option<Uuid>> {
    match ids {
        [] => Ok(None),
        [id] => Ok(Some(*id)),
        many => Err(DomainError::conflict(format!(
            "{} {plural} match this key; {hint}",
            many.len()
        ))
        .into()),
    }
}

/// Writes one checked op of a batch with the resource's own `create` and `update`; an
/// upsert's key is looked up with `matching` (several matches are a 409 naming `plural`,
/// with `hint` saying what to do).
pub(crate) async fn apply<N, P, K, T>(
    op: BatchOp<N, P, K>,
    create: impl AsyncFnOnce(N) -> Result<T>,
    update: impl AsyncFnOnce(Uuid, P) -> Result<T>,
    matching: impl AsyncFnOnce(&K) -> Result<Vec<Uuid>>,
    (plural, hint): (&str, &str),
) -> Result<BatchOutcome<T>> {
    match op {
        BatchOp::Create(n) => create(n).await.map(BatchOutcome::Created),
        BatchOp::Update { id, patch } => update(id, patch).await.map(BatchOutcome::Updated),
        BatchOp::Upsert {
            key,
            create: new,
            patch,
        } => {
            let ids = matching(&key).await?;
            match single_match(&ids, plural, hint)? {
                None => create((*new)?).await.map(BatchOutcome::Created),
                Some(id) => update(id, *patch).await.map(BatchOutcome::Updated),
            }
        }
    }
}
