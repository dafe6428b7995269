//! Who works where. Both ends must be live records of the actor's organisation.

use crate::db::Db;
use crate::entities::{company, employment, person};
use crate::error::ConflictAs;
use crate::error::{Result, port};
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::{State, delete_in, find, scoped, scoped_update};
use crate::time;
use async_trait::async_trait;
use crm_core::ids::{CompanyId, PersonId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::company::Employment;
use crm_customers::ports::EmploymentRepository;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

pub(crate) struct Employments(pub Db);

impl Keyed for employment::Model {
    fn id_column() -> Expr {
        Expr::col((employment::Entity, employment::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((employment::Entity, employment::Column::CreatedAt))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Timestamp(self.created_at)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn to_domain(m: employment::Model) -> Employment {
    Employment {
        id: m.id,
        person_id: PersonId(m.person_id),
        company_id: CompanyId(m.company_id),
        title: m.title,
        role: m.role,
        created_at: m.created_at,
    }
}

async fn live_person<C: ConnectionTrait>(c: &C, actor: &Actor, id: Uuid) -> Result<()> {
    let n = scoped::<person::Entity>(actor)
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if n == 0 {
        Err(DomainError::not_found("person").into())
    } else {
        Ok(())
    }
}

/// Links a person to a company inside the caller's transaction.
pub(crate) async fn link_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    person_id: Uuid,
    company_id: Uuid,
    title: Option<String>,
    role: Option<String>,
) -> Result<Employment> {
    live_person(txn, actor, person_id).await?;
    find::<company::Entity, _>(txn, actor, company_id, State::Live, false)
        .await
        .map_err(|_| {
            DomainError::field(
                "company_id",
                "unknown",
                "no company of this organisation has this id",
            )
        })?;
    let e = to_domain(
        employment::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            person_id: Set(person_id),
            company_id: Set(company_id),
            title: Set(title),
            role: Set(role),
            created_at: Set(time::now()),
        }
        .insert(txn)
        .await
        .conflict_as("the person is already linked to this company")?,
    );
    journal::record_change(
        txn,
        actor,
        crm_customers::events::EMPLOYMENT_LINKED,
        e.id,
        None,
        Some(&e),
    )
    .await?;
    Ok(e)
}

/// Which end of the links a merge moves.
#[derive(Clone, Copy)]
pub(crate) enum End {
    Person,
    Company,
}

/// Merging: the links of `sources` (people or companies, by `end`) move to `survivor`,
/// except where the survivor already has a link to the same other end, which wins.
pub(crate) async fn move_links<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    end: End,
    survivor: Uuid,
    sources: &[Uuid],
) -> Result<()> {
    let (moved, other) = match end {
        End::Person => (employment::Column::PersonId, employment::Column::CompanyId),
        End::Company => (employment::Column::CompanyId, employment::Column::PersonId),
    };
    let other_of = |e: &employment::Model| match end {
        End::Person => e.company_id,
        End::Company => e.person_id,
    };
    let of = |ids: Vec<Uuid>| {
        scoped::<employment::Entity>(actor)
            .filter(moved.is_in(ids))
            .order_by_asc(employment::Column::CreatedAt)
    };
    let mut held: Vec<Uuid> = of(vec![survivor])
        .all(c)
        .await?
        .iter()
        .map(other_of)
        .collect();
    for e in of(sources.to_vec()).all(c).await? {
        let to = other_of(&e);
        if held.contains(&to) {
            delete_in::<employment::Entity>(actor.org_id)
                .filter(employment::Column::Id.eq(e.id))
                .exec(c)
                .await?;
            continue;
        }
        held.push(to);
        scoped_update::<employment::Entity>(actor)
            .col_expr(moved, Expr::val(survivor))
            .filter(employment::Column::Id.eq(e.id))
            .filter(other.eq(to))
            .exec(c)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl EmploymentRepository for Employments {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %person_id, %company_id))]
    async fn link(
        &self,
        actor: &Actor,
        person_id: PersonId,
        company_id: CompanyId,
        title: Option<String>,
        role: Option<String>,
    ) -> DomainResult<Employment> {
        let person_id = person_id.0;
        let company_id = company_id.0;
        crate::record::store::write(&self.0, async |txn| {
            link_in(txn, actor, person_id, company_id, title, role).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %person_id, %company_id))]
    async fn unlink(
        &self,
        actor: &Actor,
        person_id: PersonId,
        company_id: CompanyId,
    ) -> DomainResult<()> {
        let person_id = person_id.0;
        let company_id = company_id.0;
        port(async {
            let txn = self.0.begin_write().await?;
            let found = scoped::<employment::Entity>(actor)
                .filter(employment::Column::PersonId.eq(person_id))
                .filter(employment::Column::CompanyId.eq(company_id))
                .one(&txn)
                .await?
                .ok_or(DomainError::not_found("link"))?;
            delete_in::<employment::Entity>(actor.org_id)
                .filter(employment::Column::Id.eq(found.id))
                .exec(&txn)
                .await?;
            let before = to_domain(found);
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::EMPLOYMENT_UNLINKED,
                before.id,
                Some(&before),
                None,
            )
            .await?;
            Ok(txn.commit().await?)
        })
        .await
    }

    async fn of_person(&self, actor: &Actor, person_id: PersonId) -> DomainResult<Vec<Employment>> {
        let person_id = person_id.0;
        port(async {
            live_person(&self.0.conn, actor, person_id).await?;
            Ok(scoped::<employment::Entity>(actor)
                .filter(employment::Column::PersonId.eq(person_id))
                .order_by_asc(employment::Column::Id)
                .all(&self.0.conn)
                .await?
                .into_iter()
                .map(to_domain)
                .collect())
        })
        .await
    }

    async fn of_people(
        &self,
        actor: &Actor,
        person_ids: &[PersonId],
    ) -> DomainResult<Vec<(Employment, String)>> {
        port(async {
            let links = scoped::<employment::Entity>(actor)
                .filter(employment::Column::PersonId.is_in(person_ids.iter().map(|p| p.0)))
                .order_by_asc(employment::Column::Id)
                .all(&self.0.conn)
                .await?;
            let names: std::collections::HashMap<Uuid, String> = scoped::<company::Entity>(actor)
                .filter(company::Column::Id.is_in(links.iter().map(|l| l.company_id)))
                .all(&self.0.conn)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect();
            Ok(links
                .into_iter()
                .map(|l| {
                    let name = names.get(&l.company_id).cloned().unwrap_or_default();
                    (to_domain(l), name)
                })
                .collect())
        })
        .await
    }

    async fn of_company(
        &self,
        actor: &Actor,
        company_id: CompanyId,
        page: &PageRequest,
    ) -> DomainResult<Page<Employment>> {
        let company_id = company_id.0;
        port(async {
            find::<company::Entity, _>(&self.0.conn, actor, company_id, State::Live, false).await?;
            let q = scoped::<employment::Entity>(actor)
                .filter(employment::Column::CompanyId.eq(company_id));
            Ok(paging::fetch(&self.0.conn, q, page).await?.map(to_domain))
        })
        .await
    }
}
