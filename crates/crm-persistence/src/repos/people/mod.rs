//! The person repository: every query scoped to the actor's organisation, every change
//! journaled (audit and outbox) and, for stages, recorded in the lifecycle history.

mod card;
mod children;
mod consents;
mod erase;
pub(crate) mod insert;
mod merge;
mod rows;
mod update;
mod write;

pub(crate) use card::{Card, fill_missing as fill_missing_cards, refresh_ids as refresh_cards};
pub(crate) use consents::Consents;
pub(crate) use update::update_in;

use crate::db::Db;
use crate::entities::{lifecycle_change, organisation, person, person_email};
use crate::error::{Result, port};
use crate::filter_sql;
use crate::paging;
use crate::record::{self, Record, State, find, scoped};
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::PersonId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::batch::{BatchOp, BatchOutcome, BatchResults, MatchKey};
use crm_customers::ports::RecordStore;
use crm_customers::ports::{LifecycleChange, PersonRepository};
use crm_customers::{LifecycleStage, NewPerson, Person, PersonPatch};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub(crate) struct People(pub Db);

const EXTERNAL_ID_TAKEN: &str = "a person with this external_id already exists";

impl Record for person::Entity {
    const RESOURCE: &'static str = "person";
    const COLLECTION: &'static str = "people";
    const ID: person::Column = person::Column::Id;
    const VERSION: person::Column = person::Column::Version;
    const UPDATED_AT: person::Column = person::Column::UpdatedAt;
    const DELETED_AT: person::Column = person::Column::DeletedAt;
    const DELETED: crm_core::EventType = crm_customers::events::PERSON_DELETED;
    const RESTORED: crm_core::EventType = crm_customers::events::PERSON_RESTORED;
    const MERGED_INTO: Option<person::Column> = Some(person::Column::MergedInto);
    const GONE_AT: Option<person::Column> = Some(person::Column::ErasedAt);
    type View = Person;

    fn version_of(row: &person::Model) -> i64 {
        row.version
    }
    fn merged_into_of(row: &person::Model) -> Option<Uuid> {
        row.merged_into
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: person::Model,
    ) -> impl std::future::Future<Output = Result<Person>> + Send {
        one(c, row)
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: person::Model) -> Result<Person> {
    rows::load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("person").into())
}

/// The person of `row` after a write to their parts: the card recomputed and stored.
async fn refreshed<C: ConnectionTrait>(c: &C, row: person::Model) -> Result<Person> {
    let (row, card) = card::refresh(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("person"))?;
    rows::person(row, card)
}

/// The live person `id`, read inside the caller's transaction.
/// The condition a filter tree over people (custom fields `defs` among its fields)
/// puts on the `people` table: a search's, a scoring rule's.
pub(crate) fn condition(
    filter: &Filter,
    defs: &[crm_records::custom_field::CustomField],
    backend: sea_orm::DbBackend,
) -> Result<sea_orm::Condition> {
    let id = sea_orm::sea_query::Expr::col((person::Entity, person::Column::Id));
    let map = |name: &str| {
        rows::field(name).or_else(|| super::custom_fields::field_sql(defs, name, id.clone()))
    };
    Ok(filter_sql::condition(filter, &map, backend)?)
}

pub(crate) async fn get_in<C: ConnectionTrait>(c: &C, actor: &Actor, id: Uuid) -> Result<Person> {
    one(
        c,
        find::<person::Entity, _>(c, actor, id, State::Live, false).await?,
    )
    .await
}

/// Creates a person inside the caller's transaction.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    p: NewPerson,
) -> Result<Person> {
    insert::create_one(txn, actor, p).await
}

/// The live people an upsert key matches.
pub(crate) async fn matching<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    key: &MatchKey,
) -> Result<Vec<Uuid>> {
    let candidates: Vec<Uuid> = match key {
        MatchKey::ExternalId(x) => {
            return Ok(scoped::<person::Entity>(actor)
                .filter(person::Column::ExternalId.eq(x.as_str()))
                .filter(person::Column::DeletedAt.is_null())
                .all(c)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect());
        }
        MatchKey::Email(e) => scoped::<person_email::Entity>(actor)
            .filter(person_email::Column::Address.eq(e.as_str()))
            .all(c)
            .await?
            .into_iter()
            .map(|e| e.person_id)
            .collect(),
    };
    Ok(scoped::<person::Entity>(actor)
        .filter(person::Column::Id.is_in(candidates))
        .filter(person::Column::DeletedAt.is_null())
        .all(c)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

pub(crate) async fn apply<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    op: BatchOp,
) -> Result<BatchOutcome> {
    super::batch::apply(
        op,
        async |p| create_in(c, actor, p).await,
        async |id, patch| update_in(c, actor, id, patch, None).await,
        async |key| matching(c, actor, key).await,
        ("people", "merge them first or match on external_id"),
    )
    .await
}

#[async_trait]
impl RecordStore<Person, NewPerson, PersonPatch> for People {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, p: NewPerson) -> DomainResult<Person> {
        port(async {
            // Every row of the person is written by one statement, a transaction of its
            // own (decision 0023). The owner check and the tag lookup before it only
            // read, or add catalogue entries that may stand without a carrier; a tag
            // deleted in between makes the write a conflict, never a half-written person.
            create_in(&self.0.at_once(), actor, p).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn get(&self, actor: &Actor, id: PersonId) -> DomainResult<Person> {
        record::store::get::<person::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Person>> {
        port(async {
            let mut q = scoped::<person::Entity>(actor).filter(person::Column::DeletedAt.is_null());
            let defs = super::custom_fields::definitions_if_named(
                &self.0.conn,
                actor,
                crm_customers::custom_field::PERSON,
                filter,
                page,
            )
            .await?;
            let id = sea_orm::sea_query::Expr::col((person::Entity, person::Column::Id));
            if let Some(f) = filter {
                q = q.filter(condition(f, &defs, self.0.conn.get_database_backend())?);
            }
            if let Some(t) = text {
                q = q.filter(rows::text_condition(t, self.0.conn.get_database_backend()));
            }
            let sort = |f: &crm_core::sort::SortField| {
                rows::optional_sort_column(&f.name)
                    .or_else(|| super::custom_fields::sort_sql(&defs, &f.name, id.clone()))
            };
            let page = paging::fetch_with(&self.0.conn, q, page, &sort).await?;
            Ok(Page {
                items: rows::load(&self.0.conn, page.items).await?,
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
        id: PersonId,
        patch: PersonPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Person> {
        let id = id.0;
        port(async {
            if let Some(after) = update::at_once(&self.0, actor, id, &patch, if_version).await? {
                return Ok(after);
            }
            let txn = self.0.begin_write().await?;
            let after = update_in(&txn, actor, id, patch, if_version).await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(
        &self,
        actor: &Actor,
        id: PersonId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::delete::<person::Entity>(&self.0, actor, id.0, if_version).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: PersonId) -> DomainResult<Person> {
        record::store::restore::<person::Entity>(&self.0, actor, id.0, EXTERNAL_ID_TAKEN).await
    }
}

#[async_trait]
impl PersonRepository for People {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, items = ops.len(), atomic))]
    async fn batch(&self, actor: &Actor, ops: Vec<BatchOp>, atomic: bool) -> BatchResults<Person> {
        super::batch::in_savepoints(&self.0, actor, ops, atomic, |c, a, op| {
            Box::pin(apply(c, a, op))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn lifecycle_history(
        &self,
        actor: &Actor,
        id: PersonId,
        page: &PageRequest,
    ) -> DomainResult<Page<LifecycleChange>> {
        let id = id.0;
        port(async {
            find::<person::Entity, _>(&self.0.conn, actor, id, State::Live, false).await?;
            let q = scoped::<lifecycle_change::Entity>(actor)
                .filter(lifecycle_change::Column::PersonId.eq(id));
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(|m| {
                let stage = |s: &str| {
                    LifecycleStage::parse(s).ok_or_else(|| {
                        DomainError::internal(format!("stored stage '{s}' is unknown"))
                    })
                };
                Ok(LifecycleChange {
                    id: m.id,
                    from_stage: m.from_stage.as_deref().map(stage).transpose()?,
                    to_stage: stage(&m.to_stage)?,
                    changed_at: m.changed_at,
                    actor_kind: m.actor_kind,
                    actor_id: m.actor_id,
                })
            })
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn erase(
        &self,
        actor: &Actor,
        id: PersonId,
    ) -> DomainResult<chrono::DateTime<chrono::Utc>> {
        let id = id.0;
        port(async {
            let txn = self.0.begin_write().await?;
            let at = erase::erase_in(&txn, actor, id).await?;
            txn.commit().await?;
            self.0.checkpoint().await?;
            Ok(at)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn duplicate_candidates(
        &self,
        actor: &Actor,
        id: PersonId,
    ) -> DomainResult<(Person, Vec<Person>)> {
        let id = id.0;
        port(async {
            let c = &self.0.conn;
            let target = one(
                c,
                find::<person::Entity, _>(c, actor, id, State::Live, false).await?,
            )
            .await?;
            let ids = rows::candidate_ids(c, actor, &target).await?;
            let found = scoped::<person::Entity>(actor)
                .filter(person::Column::Id.is_in(ids))
                .filter(person::Column::DeletedAt.is_null())
                .all(c)
                .await?;
            Ok((target, rows::load(c, found).await?))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, dry_run = m.dry_run))]
    async fn merge(
        &self,
        actor: &Actor,
        id: PersonId,
        m: crm_customers::merge::Merge<PersonId>,
    ) -> DomainResult<Person> {
        let id = id.0;
        let m = m.untyped();
        port(async {
            let txn = self.0.begin_write().await?;
            let after = record::merge::<person::Entity, _>(&txn, actor, id, &m).await?;
            Db::finish(txn, m.dry_run).await?;
            Ok(after)
        })
        .await
    }

    async fn default_region(&self, actor: &Actor) -> DomainResult<Option<String>> {
        port(async {
            Ok(organisation::Entity::find_by_id(actor.org_id.0)
                .one(&self.0.conn)
                .await?
                .and_then(|o| o.default_region))
        })
        .await
    }
}

impl paging::Keyed for lifecycle_change::Model {
    fn id_column() -> sea_orm::sea_query::Expr {
        sea_orm::sea_query::Expr::col((lifecycle_change::Entity, lifecycle_change::Column::Id))
    }
    fn sort_column(_: &crm_core::sort::SortField) -> sea_orm::sea_query::Expr {
        sea_orm::sea_query::Expr::col((
            lifecycle_change::Entity,
            lifecycle_change::Column::ChangedAt,
        ))
    }
    fn sort_value(&self, _: &crm_core::sort::SortField) -> crm_core::page::CursorValue {
        crm_core::page::CursorValue::Timestamp(self.changed_at)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}
