//! The record layer every area shares: the way to start a query on an organisation's
//! table ([`scoped`], [`in_org`]), and, over the records that carry `deleted_at`,
//! `version` and optionally `merged_into`, the generic reads and writes that each
//! resource used to write for itself: a merge-aware find, the lock for an update, the
//! version check, soft delete and restore, each recording its own journal entry.
//!
//! A repository never writes `org_id = …` by hand: `scripts/check-deps.sh` fails CI on
//! an organisation filter written outside this module and on a query of a tenant table
//! not started here (unless marked `// across organisations: why`), and `tests` here
//! prove every table with an `org_id` column is declared [`Tenanted`]. Raw SQL strings
//! (card refreshes, bulk imports) still write their own condition (decision 0018).

mod lifecycle;
mod merge;
pub(crate) mod store;
pub(crate) mod tables;
pub(crate) mod tags;

pub(crate) use lifecycle::{
    Record, State, check_version, find, mark_deleted, restore, soft_delete,
};
pub(crate) use merge::{Mergeable, merge};
pub(crate) use tags::{
    TagLink, add_tags, ensure_tag_ids, set_tags, tag_links, tags_field, tags_of,
};

use crm_core::Actor;
use crm_core::ids::OrgId;
use sea_orm::{ColumnTrait, DeleteMany, EntityTrait, QueryFilter, Select, UpdateMany};

/// A table whose rows belong to one organisation.
pub(crate) trait Tenanted: EntityTrait {
    /// The column that names the organisation.
    const ORG: Self::Column;
}

/// Starts a query on `E`, limited to the actor's organisation.
pub(crate) fn scoped<E: Tenanted>(actor: &Actor) -> Select<E> {
    in_org::<E>(actor.org_id)
}

/// Starts a query on `E`, limited to `org` (for work that runs for an organisation
/// without a request: jobs, sign-in, token refresh).
pub(crate) fn in_org<E: Tenanted>(org: OrgId) -> Select<E> {
    E::find().filter(E::ORG.eq(org.0))
}

/// Starts an `UPDATE` of `E`'s rows in the actor's organisation.
pub(crate) fn scoped_update<E: Tenanted>(actor: &Actor) -> UpdateMany<E> {
    update_in::<E>(actor.org_id)
}

/// Starts an `UPDATE` of `E`'s rows in `org`.
pub(crate) fn update_in<E: Tenanted>(org: OrgId) -> UpdateMany<E> {
    E::update_many().filter(E::ORG.eq(org.0))
}

/// Starts a `DELETE` of `E`'s rows in `org`.
pub(crate) fn delete_in<E: Tenanted>(org: OrgId) -> DeleteMany<E> {
    E::delete_many().filter(E::ORG.eq(org.0))
}

#[cfg(test)]
mod tests;
