//! A new case's number: the organisation's counter row, raised in the creating
//! transaction. The row stays locked until that transaction ends, so concurrent creates
//! take turns and a rolled-back create gives its number back: numbers are gap-free.

use crate::entities::case_number;
use crate::error::{Result, StoreError};
use crm_core::{Actor, DomainError};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};

/// The next case number of the actor's organisation (1 for its first case).
pub(super) async fn next<C: ConnectionTrait>(c: &C, actor: &Actor) -> Result<i64> {
    use case_number::Column as N;
    let upsert = Query::insert()
        .into_table(case_number::Entity)
        .columns([N::OrgId, N::Last])
        .values([actor.org_id.0.into(), 1i64.into()])
        .map_err(|e| DomainError::internal(format!("the case counter's insert: {e}")))?
        .on_conflict(
            OnConflict::column(N::OrgId)
                .value(N::Last, Expr::col((case_number::Entity, N::Last)).add(1))
                .to_owned(),
        )
        .returning_col(N::Last)
        .to_owned();
    let row = c
        .query_one_raw(c.get_database_backend().build(&upsert))
        .await?
        .ok_or_else(|| StoreError(DomainError::internal("the case counter returned no row")))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
