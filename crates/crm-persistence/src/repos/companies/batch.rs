//! One item of a company batch: create, update, or upsert by domain or external_id.

use super::{create_in, update_in};
use crate::entities::company;
use crate::error::Result;
use crate::record::scoped;
use crm_core::Actor;
use crm_customers::batch::{CompanyKey, CompanyOp, CompanyOutcome};
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
    crate::repos::batch::apply(
        op,
        async |n| create_in(c, actor, n).await,
        async |id, patch| update_in(c, actor, id, patch, None).await,
        async |key| matching(c, actor, key).await,
        ("companies", "merge them first or match on external_id"),
    )
    .await
}
