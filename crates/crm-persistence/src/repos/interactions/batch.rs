//! One item of an interaction batch: create, update, or upsert by external_id (so a
//! call log or mail archive sent again updates what it wrote the first time).

use super::{Interactions, create_in, update_in};
use crate::entities::interaction;
use crate::error::Result;
use crate::record::scoped;
use crate::repos::batch::{self, in_savepoints};
use async_trait::async_trait;
use crm_core::Actor;
use crm_interactions::interaction::{Interaction, InteractionPatch, NewInteraction};
use crm_interactions::ports::BatchStore;
use crm_records::batch::{BatchOp, BatchOutcome, BatchResults, ExternalId};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

pub(super) type Op = BatchOp<NewInteraction, InteractionPatch, ExternalId>;

/// The live interactions of the actor's organisation with this external_id.
async fn matching<C: ConnectionTrait>(c: &C, actor: &Actor, key: &ExternalId) -> Result<Vec<Uuid>> {
    Ok(scoped::<interaction::Entity>(actor)
        .select_only()
        .column(interaction::Column::Id)
        .filter(interaction::Column::ExternalId.eq(key.0.as_str()))
        .filter(interaction::Column::DeletedAt.is_null())
        .into_tuple()
        .all(c)
        .await?)
}

/// Writes one checked op inside the caller's savepoint.
pub(super) async fn apply<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    op: Op,
) -> Result<BatchOutcome<Interaction>> {
    batch::apply(
        op,
        async |n| create_in(c, actor, n).await,
        async |id, patch| update_in(c, actor, id, patch, None).await,
        async |key| matching(c, actor, key).await,
        ("interactions", "give each its own external_id"),
    )
    .await
}

#[async_trait]
impl BatchStore<Interaction, NewInteraction, InteractionPatch, ExternalId> for Interactions {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, items = ops.len()))]
    async fn batch(&self, actor: &Actor, ops: Vec<Op>, atomic: bool) -> BatchResults<Interaction> {
        in_savepoints(&self.0, actor, ops, atomic, |c, a, op| {
            Box::pin(apply(c, a, op))
        })
        .await
    }
}
