//! One item of a company batch: create, update, or upsert by domain or external_id.

use super::{create_in, update_in};
use crate::entities::company;
use crate::error::Result;
use crate::record::scoped;
use crate::repos::batch::single_match;
use crm_core::Actor;
use crm_customers::batch::{BatchOp, BatchOutcome, CompanyKey, CompanyOp, CompanyOutcome};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// The live companies of the actor's organisation that `key` names.
async fn matching<C: ConnectionTrait>(c: &C, actor: &Actor, key: &CompanyKey) -> Result<Vec<Uuid>> {
    let by = match key {
        CompanyKey::Domain(d) => company::Column::Domain.eq(d.as_str()),
        CompanyKey::ExternalId(x) => company::Column::ExternalId.eq(x.as_str()),
    };
    Ok(scoped::<company::Entity>(actor)
        .select_only()
        .column(company::Column::Id)
        .filter(by)
        .filter(company::Column::DeletedAt.is_null())
        .filter(company::Column::MergedInto.is_null())
        .into_tuple()
        .all(c)
        .await?)
}

/// Writes one validated op inside the caller's savepoint.
pub(super) async fn apply<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    op: CompanyOp,
) -> Result<CompanyOutcome> {
    match op {
        BatchOp::Create(n) => create_in(c, actor, n).await.map(BatchOutcome::Created),
        BatchOp::Update { id, patch } => update_in(c, actor, id, patch, None)
            .await
            .map(BatchOutcome::Updated),
        BatchOp::Upsert { key, create, patch } => {
            let ids = matching(c, actor, &key).await?;
            match single_match(
                &ids,
                "companies",
                "merge them first or match on external_id",
            )? {
                None => create_in(c, actor, (*create)?)
                    .await
                    .map(BatchOutcome::Created),
                Some(id) => update_in(c, actor, id, *patch, None)
                    .await
                    .map(BatchOutcome::Updated),
            }
        }
    }
}
