//! One item of an opportunity batch: create, update, or upsert by external_id (so a
//! deal list sent again from another system updates what it wrote the first time).

use super::{Opportunities, create_in, update_in};
use crate::entities::opportunity;
use crate::error::Result;
use crate::record::scoped;
use crate::repos::batch::{self, in_savepoints};
use async_trait::async_trait;
use crm_core::Actor;
use crm_opportunities::opportunity::{NewOpportunity, Opportunity, OpportunityPatch};
use crm_opportunities::ports::BatchStore;
use crm_records::batch::{BatchOp, BatchOutcome, BatchResults, ExternalId};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

type Op = BatchOp<NewOpportunity, OpportunityPatch, ExternalId>;

/// The live opportunities of the actor's organisation with this external_id.
async fn matching<C: ConnectionTrait>(c: &C, actor: &Actor, key: &ExternalId) -> Result<Vec<Uuid>> {
    Ok(scoped::<opportunity::Entity>(actor)
        .select_only()
        .column(opportunity::Column::Id)
        .filter(opportunity::Column::ExternalId.eq(key.0.as_str()))
        .filter(opportunity::Column::DeletedAt.is_null())
        .into_tuple()
        .all(c)
        .await?)
}

/// Writes one checked op inside the caller's savepoint.
pub(super) async fn apply<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    op: Op,
) -> Result<BatchOutcome<Opportunity>> {
    batch::apply(
        op,
        async |n| create_in(c, actor, n).await,
        async |id, patch| update_in(c, actor, id, patch, None).await,
        async |key| matching(c, actor, key).await,
        ("opportunities", "give each its own external_id"),
    )
    .await
}

#[async_trait]
impl BatchStore<Opportunity, NewOpportunity, OpportunityPatch, ExternalId> for Opportunities {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, items = ops.len()))]
    async fn batch(&self, actor: &Actor, ops: Vec<Op>, atomic: bool) -> BatchResults<Opportunity> {
        in_savepoints(&self.0, actor, ops, atomic, |c, a, op| {
            Box::pin(apply(c, a, op))
        })
        .await
    }
}
