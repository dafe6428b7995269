//! Writing import rows inside the batch's transaction, each in its own savepoint so a
//! refused row is reported and the rest still land: the person (created, or updated
//! when the key matches, its lists added to), then the company link.

use super::{bulk, create_op, failure};
use crate::db::Db;
use crate::entities::{company, employment, import_row_error};
use crate::error::{Result, StoreError};
use crate::fold::{self, Match};
use crate::record::scoped;
use crate::repos::batch::single_match;
use crate::repos::people;
use crate::repos::{companies, employments};
use crm_core::{Actor, DomainError};
use crm_customers::NewPerson;
use crm_customers::batch::{BatchOp, BatchOutcome};
use crm_customers::import::run::{CompanyLink, ImportItem, ImportOp};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use uuid::Uuid;

/// Writes a batch under one savepoint (rolled back on a dry run): the plain creates in
/// bulk if none is refused, then every other row in a savepoint of its own; a refused
/// row becomes a failure. Answers how many people were created and updated.
pub(crate) async fn rows(
    txn: &DatabaseTransaction,
    actor: &Actor,
    fast: Vec<(ImportItem, NewPerson)>,
    mut slow: Vec<(ImportItem, ImportOp)>,
    failures: &mut Vec<import_row_error::ActiveModel>,
    dry_run: bool,
) -> Result<(i64, i64)> {
    let (mut created, mut updated) = (0i64, 0i64);
    let batch = txn.begin().await?;
    if !fast.is_empty() {
        let people: Vec<NewPerson> = fast.iter().map(|(_, p)| p.clone()).collect();
        let all = batch.begin().await?;
        match bulk::create_many(&all, actor, people).await {
            Ok(n) => {
                all.commit().await?;
                created += n as i64;
            }
            Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
            Err(_) => {
                // One of them is refused: write them one by one to report it.
                all.rollback().await?;
                slow.extend(fast.into_iter().map(|(item, p)| (item, create_op(p))));
                slow.sort_by_key(|(item, _)| item.row);
            }
        }
    }
    for (item, op) in slow {
        let one = batch.begin().await?;
        match row(&one, actor, op).await {
            Ok(outcome) => {
                one.commit().await?;
                match outcome {
                    BatchOutcome::Created(_) => created += 1,
                    BatchOutcome::Updated(_) => updated += 1,
                }
            }
            Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
            Err(e) => {
                one.rollback().await?;
                let errors = item.errors_of(e.into());
                failures.push(failure(actor, Uuid::nil(), &item, errors));
            }
        }
    }
    Db::finish(batch, dry_run).await?;
    Ok((created, updated))
}

/// Writes one row; the outcome says whether the person was created or updated.
async fn row<C: ConnectionTrait>(c: &C, actor: &Actor, op: ImportOp) -> Result<BatchOutcome> {
    let outcome = match op.op {
        BatchOp::Upsert { key, create, patch } => {
            let ids = people::matching(c, actor, &key).await?;
            match single_match(&ids, "people", "merge them first")? {
                None => BatchOutcome::Created(people::create_in(c, actor, (*create)?).await?),
                Some(id) => {
                    let mut patch = *patch;
                    if !op.additions.is_empty() {
                        let before = people::get_in(c, actor, id).await?;
                        op.additions
                            .apply_to(&before, &mut patch)
                            .map_err(DomainError::Validation)?;
                    }
                    BatchOutcome::Updated(people::update_in(c, actor, id, patch, None).await?)
                }
            }
        }
        other => people::apply(c, actor, other).await?,
    };
    if let Some(link) = op.company {
        let person_id = match &outcome {
            BatchOutcome::Created(p) | BatchOutcome::Updated(p) => p.id,
        };
        link_company(c, actor, person_id.0, link).await?;
    }
    Ok(outcome)
}

/// The live company of the actor's organisation with this domain, else this name
/// (case-insensitive), else a new one; then the link, unless it exists.
async fn link_company<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person_id: Uuid,
    link: CompanyLink,
) -> Result<()> {
    let live = || scoped::<company::Entity>(actor).filter(company::Column::DeletedAt.is_null());
    let mut found = None;
    if let Some(d) = &link.domain {
        found = live()
            .filter(company::Column::Domain.eq(d.as_str()))
            .one(c)
            .await?;
    }
    if found.is_none()
        && let Some(n) = &link.name
    {
        found = live()
            .filter(fold::matches(
                Expr::col((company::Entity, company::Column::Name)),
                n,
                Match::Equals,
                c.get_database_backend(),
            ))
            .one(c)
            .await?;
    }
    let company_id = match found {
        Some(m) => m.id,
        None => {
            let new = link.create.map_err(DomainError::Validation)?;
            companies::create_in(c, actor, new).await?.id.0
        }
    };
    let linked = scoped::<employment::Entity>(actor)
        .filter(employment::Column::PersonId.eq(person_id))
        .filter(employment::Column::CompanyId.eq(company_id))
        .count(c)
        .await?;
    if linked == 0 {
        employments::link_in(c, actor, person_id, company_id, link.title, link.role).await?;
    }
    Ok(())
}
