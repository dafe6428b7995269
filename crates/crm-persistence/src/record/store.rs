//! The store methods every record resource's adapter answers the same way, each on its
//! own connection or transaction: read a live record, move one to the bin, take one out.
//! A resource's `RecordStore` impl calls these for `get`, `delete` and `restore` and
//! writes only its create, list and update.

use super::lifecycle::{Record, State, find, restore as restore_in, soft_delete};
use crate::db::Db;
use crate::error::port;
use crm_core::{Actor, DomainResult};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Every live record of the actor's organisation, oldest first (ids are UUID v7): the
/// list of a settings record, which an organisation keeps a handful of.
pub(crate) async fn live<E: Record>(db: &Db, actor: &Actor) -> DomainResult<Vec<E::View>>
where
    E::Model: Send + Sync,
{
    port(async {
        let c = &db.conn;
        let rows = super::scoped::<E>(actor)
            .filter(E::DELETED_AT.is_null())
            .order_by_asc(E::ID)
            .all(c)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(E::view(c, row).await?);
        }
        Ok(out)
    })
    .await
}

/// A live record as its resource reads it; a merged one is a redirect to its survivor.
pub(crate) async fn get<E: Record>(db: &Db, actor: &Actor, id: Uuid) -> DomainResult<E::View> {
    port(async {
        let c = &db.conn;
        E::view(c, find::<E, _>(c, actor, id, State::Live, false).await?).await
    })
    .await
}

/// Moves the record to the bin in its own transaction, journaled.
pub(crate) async fn delete<E: Record>(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    if_version: Option<i64>,
) -> DomainResult<()> {
    port(async {
        let txn = db.begin_write().await?;
        soft_delete::<E, _>(&txn, actor, id, if_version).await?;
        Ok(txn.commit().await?)
    })
    .await
}

/// Takes the record out of the bin in its own transaction, journaled; `taken` is the
/// conflict's wording when another live record took its unique key meanwhile.
pub(crate) async fn restore<E: Record>(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    taken: &'static str,
) -> DomainResult<E::View> {
    port(async {
        let txn = db.begin_write().await?;
        let after = restore_in::<E, _>(&txn, actor, id, taken).await?;
        txn.commit().await?;
        Ok(after)
    })
    .await
}

/// Runs `body` in one write transaction and commits it if it succeeds: a resource's
/// create and update (`write(db, async |txn| create_in(txn, actor, n).await)`).
pub(crate) async fn write<T>(
    db: &Db,
    body: impl AsyncFnOnce(&crate::db::WriteTxn) -> crate::error::Result<T>,
) -> DomainResult<T> {
    port(async {
        let txn = db.begin_write().await?;
        let out = body(&txn).await?;
        txn.commit().await?;
        Ok(out)
    })
    .await
}
