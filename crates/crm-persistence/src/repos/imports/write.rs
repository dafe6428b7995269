//! Writing one import row inside the batch's transaction: the person (created, or
//! updated when the key matches, its lists added to), then the company link.

use crate::entities::{company, employment};
use crate::error;
use crate::repos::batch::single_match;
use crate::repos::people;
use crate::repos::{companies, employments};
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::batch::{BatchOp, BatchOutcome};
use crm_customers::import::run::{CompanyLink, ImportOp};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// Writes one row; the outcome says whether the person was created or updated.
pub(crate) async fn row<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    op: ImportOp,
) -> DomainResult<BatchOutcome> {
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
        link_company(c, actor, person_id, link).await?;
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
) -> DomainResult<()> {
    let live = || {
        company::Entity::find()
            .filter(company::Column::OrgId.eq(actor.org_id.0))
            .filter(company::Column::DeletedAt.is_null())
    };
    let mut found = None;
    if let Some(d) = &link.domain {
        found = live()
            .filter(company::Column::Domain.eq(d.as_str()))
            .one(c)
            .await
            .map_err(error::db)?;
    }
    if found.is_none()
        && let Some(n) = &link.name
    {
        found = live()
            .filter(
                Expr::expr(Func::lower(Expr::col((
                    company::Entity,
                    company::Column::Name,
                ))))
                .eq(n.to_lowercase()),
            )
            .one(c)
            .await
            .map_err(error::db)?;
    }
    let company_id = match found {
        Some(m) => m.id,
        None => {
            let new = link.create.map_err(DomainError::Validation)?;
            companies::create_in(c, actor, new).await?.id
        }
    };
    let linked = employment::Entity::find()
        .filter(employment::Column::OrgId.eq(actor.org_id.0))
        .filter(employment::Column::PersonId.eq(person_id))
        .filter(employment::Column::CompanyId.eq(company_id))
        .count(c)
        .await
        .map_err(error::db)?;
    if linked == 0 {
        employments::link_in(c, actor, person_id, company_id, link.title, link.role).await?;
    }
    Ok(())
}
