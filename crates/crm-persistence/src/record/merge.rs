//! Merging records of one resource, the flow written once: the survivor and the sources
//! found live and locked, the sources retired pointing at the survivor, records merged
//! into a source earlier repointed, the resource's own fold of values and children, and
//! the journal of every record involved, and other records' links to a source followed
//! to the survivor. A resource supplies only [`Mergeable`].

use super::lifecycle::{Record, State, find};
use super::scoped_update;
use crate::error::{Result, StoreError};
use crate::journal;
use crate::time;
use crm_core::{Actor, DomainError, EventType};
use crm_records::merge::Merge;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use serde_json::json;
use std::future::Future;
use uuid::Uuid;

/// A record that can be merged: what its sources give up, and how values fold.
pub(crate) trait Mergeable: Record {
    /// Journaled for the survivor (before and after) and for each source.
    const MERGED: EventType;
    /// Columns a source gives up, set to NULL: unique keys the survivor may take
    /// (`external_id`) and lists folded into the survivor, so they live in one place.
    const CLEARED: &'static [Self::Column];

    fn id_of(view: &Self::View) -> Uuid;

    /// Writes the survivor `row` with the values `merge` picks from `survivor` and
    /// `sources`, moves or joins their children, and answers the survivor as it is now.
    /// The sources are already retired when it runs.
    fn fold<C: ConnectionTrait>(
        c: &C,
        actor: &Actor,
        merge: &Merge,
        row: Self::Model,
        survivor: &Self::View,
        sources: &[Self::View],
    ) -> impl Future<Output = Result<Self::View>> + Send;
}

/// Folds `merge.sources` into the record `survivor_id` inside the caller's transaction
/// and answers the survivor afterwards. A source that is not a live record of the
/// organisation is a field error on `merge_ids[i]`.
pub(crate) async fn merge<E: Mergeable, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    survivor_id: Uuid,
    merge: &Merge,
) -> Result<E::View> {
    let merged_into = E::MERGED_INTO
        .ok_or_else(|| DomainError::internal(format!("{} has no merged_into", E::RESOURCE)))?;
    let row = find::<E, C>(c, actor, survivor_id, State::Live, true).await?;
    let survivor = E::view(c, row.clone()).await?;
    let mut sources = Vec::with_capacity(merge.sources.len());
    for (i, id) in merge.sources.iter().enumerate() {
        let r = find::<E, C>(c, actor, *id, State::Live, true)
            .await
            .map_err(|e| match e.0 {
                DomainError::NotFound { .. } | DomainError::Moved { .. } => DomainError::field(
                    format!("merge_ids[{i}]"),
                    "unknown",
                    format!("no live {} of this organisation has this id", E::RESOURCE),
                )
                .into(),
                other => StoreError(other),
            })?;
        sources.push(E::view(c, r).await?);
    }

    // The sources go first, so the survivor may take a unique key from them.
    let now = time::now();
    let mut retire = scoped_update::<E>(actor)
        .col_expr(E::DELETED_AT, Expr::val(Some(now)))
        .col_expr(merged_into, Expr::val(Some(survivor_id)))
        .col_expr(E::UPDATED_AT, Expr::val(now))
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1));
    for col in E::CLEARED {
        retire = retire.col_expr(*col, Expr::cust("NULL"));
    }
    retire
        .filter(E::ID.is_in(merge.sources.clone()))
        .exec(c)
        .await?;
    scoped_update::<E>(actor)
        .col_expr(merged_into, Expr::val(Some(survivor_id)))
        .filter(merged_into.is_in(merge.sources.clone()))
        .exec(c)
        .await?;

    for source in &merge.sources {
        crate::repos::follow_links(c, actor, E::RESOURCE, *source, survivor_id).await?;
    }
    let after = E::fold(c, actor, merge, row, &survivor, &sources).await?;
    let gone = json!({ "merged_into": survivor_id });
    for s in &sources {
        journal::record(
            c,
            actor,
            journal::Change {
                event: E::MERGED,
                resource_id: E::id_of(s),
                before: Some(crate::repos::json(s)),
                after: Some(gone.clone()),
            },
        )
        .await?;
    }
    journal::record_change(
        c,
        actor,
        E::MERGED,
        survivor_id,
        Some(&survivor),
        Some(&after),
    )
    .await?;
    Ok(after)
}
