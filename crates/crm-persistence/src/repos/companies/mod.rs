//! The company repository: scoped to the actor's organisation, journaled, soft-deleted,
//! with duplicates found and merged.

mod batch;
mod duplicates;
mod merge;

use super::common::check_owner;
use super::purchases::Buyer;
use crate::db::Db;
use crate::entities::company;
use crate::error::ConflictAs;
use crate::error::{Result, port};
use crate::filter_sql::{self, FieldSql};
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::{self, Record, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::{CompanyId, OrgId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::batch::{BatchResults, CompanyOp};
use crm_customers::company::{Company, CompanyPatch, CompanySize, NewCompany};
use crm_customers::person::Source;
use crm_customers::ports::CompanyRepository;
use crm_customers::ports::RecordStore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

pub(crate) struct Companies(pub Db);

const EXTERNAL_ID_TAKEN: &str = "a company with this external_id already exists";

impl Keyed for company::Model {
    fn id_column() -> Expr {
        Expr::col((company::Entity, company::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "updated_at" => company::Column::UpdatedAt,
            "name" => company::Column::Name,
            _ => company::Column::CreatedAt,
        };
        Expr::col((company::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            "name" => CursorValue::Text(self.name.clone()),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use company::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((company::Entity, c))));
    match name {
        "name" => col(C::Name),
        "domain" => col(C::Domain),
        "industry" => col(C::Industry),
        "size" => col(C::Size),
        "owner_id" => col(C::OwnerId),
        "external_id" => col(C::ExternalId),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        "tags" => Some(record::tags_field::<company::tags::Entity, _>((
            company::Entity,
            C::Id,
        ))),
        _ => super::purchases::field(name, Buyer::Company).or_else(|| {
            filter_sql::address_field(name, Expr::col((company::Entity, C::Addresses)))
        }),
    }
}

async fn load<C: ConnectionTrait>(c: &C, rows: Vec<company::Model>) -> Result<Vec<Company>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let mut tags = record::tags_of::<company::tags::Entity, _>(c, org, &ids).await?;
    let defs = super::custom_fields::definitions_of(c, org.0, crm_customers::custom_field::COMPANY)
        .await?;
    let record_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut custom = super::custom_fields::read_values(c, org, &defs, &record_ids).await?;
    rows.into_iter()
        .map(|r| {
            let mut t = tags.remove(&r.id).unwrap_or_default();
            t.sort();
            Ok(Company {
                id: CompanyId(r.id),
                org_id: OrgId(r.org_id),
                name: r.name,
                domain: r.domain,
                website: r.website,
                industry: r.industry,
                size: r
                    .size
                    .as_deref()
                    .map(|s| {
                        CompanySize::parse(s).ok_or_else(|| {
                            DomainError::internal(format!("stored size '{s}' is unknown"))
                        })
                    })
                    .transpose()?,
                owner_id: r.owner_id.map(UserId),
                source: Source {
                    channel: r.source_channel,
                    detail: r.source_detail,
                },
                addresses: super::text_list(r.addresses.as_deref(), "addresses")?,
                external_id: r.external_id,
                tags: t,
                custom_fields: custom.remove(&r.id).unwrap_or_default(),
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
            })
        })
        .collect()
}

impl Record for company::Entity {
    const RESOURCE: &'static str = "company";
    const COLLECTION: &'static str = "companies";
    const ID: company::Column = company::Column::Id;
    const VERSION: company::Column = company::Column::Version;
    const UPDATED_AT: company::Column = company::Column::UpdatedAt;
    const DELETED_AT: company::Column = company::Column::DeletedAt;
    const DELETED: crm_core::EventType = crm_customers::events::COMPANY_DELETED;
    const RESTORED: crm_core::EventType = crm_customers::events::COMPANY_RESTORED;
    const MERGED_INTO: Option<company::Column> = Some(company::Column::MergedInto);
    type View = Company;

    fn version_of(row: &company::Model) -> i64 {
        row.version
    }
    fn merged_into_of(row: &company::Model) -> Option<Uuid> {
        row.merged_into
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: company::Model,
    ) -> impl std::future::Future<Output = Result<Company>> + Send {
        one(c, row)
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: company::Model) -> Result<Company> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("company").into())
}

/// Creates a company inside the caller's transaction.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    c: NewCompany,
) -> Result<Company> {
    check_owner(txn, actor, c.owner_id).await?;
    let now = time::now();
    let id = Uuid::now_v7();
    let row = company::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        name: Set(c.name),
        domain: Set(c.domain),
        website: Set(c.website),
        industry: Set(c.industry),
        size: Set(c.size.map(|s| s.as_str().to_string())),
        owner_id: Set(c.owner_id.map(Into::into)),
        source_channel: Set(c.source.channel),
        source_detail: Set(c.source.detail),
        external_id: Set(c.external_id),
        addresses: Set(super::list_text(&c.addresses)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        merged_into: Set(None),
    }
    .insert(txn)
    .await
    .conflict_as(EXTERNAL_ID_TAKEN)?;
    record::set_tags::<company::tags::Entity, _>(txn, actor, id, &c.tags).await?;
    let values: Vec<_> = c
        .custom_fields
        .into_iter()
        .map(|(d, v)| (d, Some(v)))
        .collect();
    super::custom_fields::write_values(txn, actor, id, &values).await?;
    let created = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        crm_customers::events::COMPANY_CREATED,
        id,
        None,
        Some(&created),
    )
    .await?;
    Ok(created)
}

/// Applies a patch inside the caller's transaction.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: CompanyPatch,
    if_version: Option<i64>,
) -> Result<Company> {
    let row = find::<company::Entity, _>(txn, actor, id, State::Live, true).await?;
    crate::record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    if let Some(owner) = p.owner_id {
        check_owner(txn, actor, owner).await?;
    }
    let mut am: company::ActiveModel = row.into();
    if let Some(v) = p.name {
        am.name = Set(v);
    }
    if let Some(v) = p.domain {
        am.domain = Set(v);
    }
    if let Some(v) = p.website {
        am.website = Set(v);
    }
    if let Some(v) = p.industry {
        am.industry = Set(v);
    }
    if let Some(v) = p.size {
        am.size = Set(v.map(|s| s.as_str().to_string()));
    }
    if let Some(v) = p.owner_id {
        am.owner_id = Set(v.map(Into::into));
    }
    if let Some(v) = p.source {
        am.source_channel = Set(v.channel);
        am.source_detail = Set(v.detail);
    }
    if let Some(v) = p.external_id {
        am.external_id = Set(v);
    }
    if let Some(v) = &p.addresses {
        am.addresses = Set(super::list_text(v));
    }
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let row = am.update(txn).await.conflict_as(EXTERNAL_ID_TAKEN)?;
    if let Some(t) = &p.tags {
        record::set_tags::<company::tags::Entity, _>(txn, actor, id, t).await?;
    }
    super::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let after = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        crm_customers::events::COMPANY_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

#[async_trait]
impl RecordStore<Company, NewCompany, CompanyPatch> for Companies {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, c: NewCompany) -> DomainResult<Company> {
        crate::record::store::write(&self.0, async |txn| create_in(txn, actor, c).await).await
    }

    async fn get(&self, actor: &Actor, id: CompanyId) -> DomainResult<Company> {
        record::store::get::<company::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Company>> {
        port(async {
            let mut q =
                scoped::<company::Entity>(actor).filter(company::Column::DeletedAt.is_null());
            let defs = super::custom_fields::definitions_if_named(
                &self.0.conn,
                actor,
                crm_customers::custom_field::COMPANY,
                filter,
                page,
            )
            .await?;
            let id = Expr::col((company::Entity, company::Column::Id));
            if let Some(f) = filter {
                let map = |name: &str| {
                    field(name).or_else(|| super::custom_fields::field_sql(&defs, name, id.clone()))
                };
                q = q.filter(filter_sql::condition(
                    f,
                    &map,
                    self.0.conn.get_database_backend(),
                )?);
            }
            if let Some(t) = text {
                q = q.filter(filter_sql::text_match(
                    t,
                    vec![
                        Expr::col((company::Entity, company::Column::Name)),
                        Expr::col((company::Entity, company::Column::Domain)),
                    ],
                    self.0.conn.get_database_backend(),
                ));
            }
            let sort = |f: &crm_core::sort::SortField| {
                super::purchases::sort(&f.name, Buyer::Company)
                    .or_else(|| super::custom_fields::sort_sql(&defs, &f.name, id.clone()))
            };
            let page = paging::fetch_with(&self.0.conn, q, page, &sort).await?;
            Ok(Page {
                items: load(&self.0.conn, page.items).await?,
                next_cursor: page.next_cursor,
                total: page.total,
            })
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: CompanyId,
        p: CompanyPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Company> {
        let id = id.0;
        crate::record::store::write(&self.0, async |txn| {
            update_in(txn, actor, id, p, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(
        &self,
        actor: &Actor,
        id: CompanyId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::delete::<company::Entity>(&self.0, actor, id.0, if_version).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: CompanyId) -> DomainResult<Company> {
        record::store::restore::<company::Entity>(&self.0, actor, id.0, EXTERNAL_ID_TAKEN).await
    }
}

#[async_trait]
impl CompanyRepository for Companies {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, items = ops.len(), atomic))]
    async fn batch(
        &self,
        actor: &Actor,
        ops: Vec<CompanyOp>,
        atomic: bool,
    ) -> BatchResults<Company> {
        super::batch::in_savepoints(&self.0, actor, ops, atomic, |c, a, op| {
            Box::pin(batch::apply(c, a, op))
        })
        .await
    }

    async fn duplicate_candidates(
        &self,
        actor: &Actor,
        id: CompanyId,
    ) -> DomainResult<(Company, Vec<Company>)> {
        let id = id.0;
        port(async {
            let c = &self.0.conn;
            let target = one(
                c,
                find::<company::Entity, _>(c, actor, id, State::Live, false).await?,
            )
            .await?;
            let found = duplicates::candidates(c, actor, &target).await?;
            Ok((target, load(c, found).await?))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, dry_run = m.dry_run))]
    async fn merge(
        &self,
        actor: &Actor,
        id: CompanyId,
        m: crm_customers::merge::Merge<CompanyId>,
    ) -> DomainResult<Company> {
        let id = id.0;
        let m = m.untyped();
        port(async {
            let txn = self.0.begin_write().await?;
            let after = record::merge::<company::Entity, _>(&txn, actor, id, &m).await?;
            Db::finish(txn, m.dry_run).await?;
            Ok(after)
        })
        .await
    }
}
