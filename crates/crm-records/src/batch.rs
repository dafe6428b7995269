//! Batches of writes to any resource: create, update, or upsert by a natural key, each
//! item answered on its own, or all or nothing.

use crm_core::{DomainError, DomainResult};
use uuid::Uuid;

/// The most items one batch may hold.
pub const MAX_BATCH: usize = 100;

/// One validated write of a batch: a new record `N`, a patch `P`, a natural key `K`.
#[derive(Debug)]
pub enum BatchOp<N, P, K> {
    Create(N),
    Update {
        id: Uuid,
        patch: P,
    },
    /// Updates the record the key matches with `patch`, or creates `create`; `create` was
    /// validated as a new record, and its error answers only if nothing matches.
    Upsert {
        key: K,
        create: Box<DomainResult<N>>,
        patch: Box<P>,
    },
}

/// The key of an upsert on a record's `external_id`, the id the record has in the
/// system it came from (a phone system's call id, a mail archive's message id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExternalId(pub String);

/// What one write did.
#[derive(Debug, Clone)]
pub enum BatchOutcome<T> {
    Created(T),
    Updated(T),
}

/// One result per item of a batch, in order.
pub type BatchResults<T> = DomainResult<Vec<DomainResult<BatchOutcome<T>>>>;

/// The answer for a valid item of an atomic batch that another item's error stopped.
fn not_written<T>() -> DomainResult<BatchOutcome<T>> {
    Err(DomainError::conflict(
        "not written: another item of this atomic batch is invalid",
    ))
}

/// Answers every item of a batch whose items were validated into `checked`: the valid
/// ones are written by `write` (one call, in order), the invalid ones answer with their
/// error. With `atomic`, one invalid item means nothing is written.
pub async fn write_checked<O, T, F, Fut>(
    checked: Vec<DomainResult<O>>,
    atomic: bool,
    write: F,
) -> BatchResults<T>
where
    F: FnOnce(Vec<O>) -> Fut,
    Fut: Future<Output = BatchResults<T>>,
{
    if atomic && checked.iter().any(Result::is_err) {
        return Ok(checked
            .into_iter()
            .map(|r| r.and_then(|_| not_written()))
            .collect());
    }
    let mut ops = Vec::new();
    let mut slots = Vec::new();
    for r in checked {
        match r {
            Ok(op) => {
                slots.push(None);
                ops.push(op);
            }
            Err(e) => slots.push(Some(e)),
        }
    }
    let mut written = write(ops).await?.into_iter();
    Ok(slots
        .into_iter()
        .map(|slot| match slot {
            Some(e) => Err(e),
            None => written
                .next()
                .unwrap_or_else(|| Err(DomainError::internal("batch result missing"))),
        })
        .collect())
}
