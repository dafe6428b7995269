//! The life of a record, written once for every resource: found live or deleted (and,
//! for a record merged away, the survivor it moved to), locked for a write, checked
//! against `If-Match`, soft-deleted and restored, each write with its journal entry.

use super::{Tenanted, scoped, scoped_update};
use crate::error::{ConflictAs, Result};
use crate::journal;
use crate::time;
use crm_core::{Actor, DomainError, EventType};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use std::future::Future;
use uuid::Uuid;

/// A tenant record with an id, a version, and a soft delete.
pub(crate) trait Record: Tenanted {
    /// The singular name in errors and in the journal (`person`).
    const RESOURCE: &'static str;
    /// The collection in its URL (`people`), where a merged record redirects.
    const COLLECTION: &'static str;
    const ID: Self::Column;
    const VERSION: Self::Column;
    const UPDATED_AT: Self::Column;
    const DELETED_AT: Self::Column;
    /// The survivor a merged record points to, for resources that merge.
    const MERGED_INTO: Option<Self::Column> = None;
    /// The events of its deletion and its restoration, from its area's catalogue.
    const DELETED: EventType;
    const RESTORED: EventType;
    /// Set when a record is gone for good (an erased person): never found again.
    const GONE_AT: Option<Self::Column> = None;

    /// What the API and the journal show of a record.
    type View: serde::Serialize + Send + Sync;

    fn version_of(row: &Self::Model) -> i64;
    fn merged_into_of(_row: &Self::Model) -> Option<Uuid> {
        None
    }
    /// The view of a stored row (with its children, where it has any).
    fn view<C: ConnectionTrait>(
        c: &C,
        row: Self::Model,
    ) -> impl Future<Output = Result<Self::View>> + Send;
}

/// Which records a find looks at.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum State {
    Live,
    Deleted,
}

/// The record `id` of the actor's organisation in `state`, locked for the rest of the
/// transaction with `lock`. A record merged away answers `Moved` to its survivor.
pub(crate) async fn find<E: Record, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    state: State,
    lock: bool,
) -> Result<E::Model> {
    let mut q = scoped::<E>(actor).filter(E::ID.eq(id));
    if let Some(gone) = E::GONE_AT {
        q = q.filter(gone.is_null());
    }
    if let Some(merged) = E::MERGED_INTO {
        q = q.filter(merged.is_null());
    }
    q = match state {
        State::Live => q.filter(E::DELETED_AT.is_null()),
        State::Deleted => q.filter(E::DELETED_AT.is_not_null()),
    };
    if lock {
        q = q.lock_exclusive();
    }
    if let Some(row) = q.one(c).await? {
        return Ok(row);
    }
    if let Some(merged) = E::MERGED_INTO {
        let moved = scoped::<E>(actor)
            .filter(E::ID.eq(id))
            .filter(merged.is_not_null())
            .one(c)
            .await?;
        if let Some(to) = moved.as_ref().and_then(E::merged_into_of) {
            return Err(DomainError::Moved {
                resource: E::RESOURCE,
                collection: E::COLLECTION,
                to,
            }
            .into());
        }
    }
    Err(DomainError::not_found(E::RESOURCE).into())
}

/// Refuses a write whose `If-Match` names another version than the stored one.
pub(crate) fn check_version(current: i64, if_version: Option<i64>) -> Result<()> {
    match if_version {
        Some(v) if v != current => Err(DomainError::PreconditionFailed {
            current_version: current,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Soft-deletes the live record `id` after checking `If-Match`; journals `deleted` with
/// what it was, and answers that.
pub(crate) async fn soft_delete<E: Record, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    if_version: Option<i64>,
) -> Result<E::View> {
    let row = find::<E, C>(c, actor, id, State::Live, true).await?;
    check_version(E::version_of(&row), if_version)?;
    let before = E::view(c, row).await?;
    mark_deleted::<E, C>(c, actor, id, &before).await?;
    Ok(before)
}

/// Stamps the record `id`, already found and checked, as deleted and journals it.
pub(crate) async fn mark_deleted<E: Record, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    before: &E::View,
) -> Result<()> {
    let now = time::now();
    scoped_update::<E>(actor)
        .col_expr(E::DELETED_AT, Expr::val(Some(now)))
        .col_expr(E::UPDATED_AT, Expr::val(now))
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .filter(E::ID.eq(id))
        .exec(c)
        .await?;
    journal::record_change(c, actor, E::DELETED, id, Some(before), None).await
}

/// Brings the deleted record `id` back; `conflict` describes a unique key that another
/// live record took meanwhile. Journals `restored` and answers the record.
pub(crate) async fn restore<E: Record, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    conflict: &str,
) -> Result<E::View> {
    find::<E, C>(c, actor, id, State::Deleted, true).await?;
    let row = scoped_update::<E>(actor)
        .col_expr(
            E::DELETED_AT,
            Expr::val(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .col_expr(E::UPDATED_AT, Expr::val(time::now()))
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .filter(E::ID.eq(id))
        .exec_with_returning(c)
        .await
        .conflict_as(conflict)?
        .pop()
        .ok_or(DomainError::not_found(E::RESOURCE))?;
    let after = E::view(c, row).await?;
    journal::record_change(c, actor, E::RESTORED, id, None, Some(&after)).await?;
    Ok(after)
}
