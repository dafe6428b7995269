//! The companies duplicate ranking looks at: same domain or website host, or a name that
//! holds the first word of this one's (legal forms aside).

use crate::entities::company;
use crate::error::Result;
use crate::fold::{self, Match};
use crate::record::scoped;
use crm_core::Actor;
use crm_customers::company::Company;
use crm_customers::duplicates::{company_name_key, website_host};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

/// The most candidates read for each reason.
const PER_REASON: u64 = 200;

/// Live companies of the actor's organisation, other than `target`, that may be it.
pub(super) async fn candidates<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    target: &Company,
) -> Result<Vec<company::Model>> {
    let backend = c.get_database_backend();
    let contains = |col: company::Column, text: &str| {
        fold::matches(
            Expr::col((company::Entity, col)),
            text,
            Match::Contains,
            backend,
        )
    };
    let live = || {
        scoped::<company::Entity>(actor)
            .filter(company::Column::DeletedAt.is_null())
            .filter(company::Column::Id.ne(target.id.0))
            .order_by_asc(company::Column::Id)
            .limit(PER_REASON)
    };
    let mut domains: Vec<String> = target.domain.iter().cloned().collect();
    domains.extend(target.website.as_deref().and_then(website_host));
    let mut found: Vec<company::Model> = Vec::new();
    if !domains.is_empty() {
        let mut any = Condition::any().add(company::Column::Domain.is_in(domains.clone()));
        for d in &domains {
            any = any.add(contains(company::Column::Website, &format!("://{d}")));
            any = any.add(contains(company::Column::Website, &format!("://www.{d}")));
        }
        found.extend(live().filter(any).all(c).await?);
    }
    if let Some(word) = company_name_key(&target.name)
        .split(' ')
        .find(|w| !w.is_empty())
    {
        found.extend(
            live()
                .filter(contains(company::Column::Name, word))
                .all(c)
                .await?,
        );
    }
    found.sort_by_key(|m| m.id);
    found.dedup_by_key(|m| m.id);
    Ok(found)
}
