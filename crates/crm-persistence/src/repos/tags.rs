//! The tag catalogue.

use crate::db::Db;
use crate::entities::{person, tag};
use crate::error::ConflictAs;
use crate::error::{Result, fault, port};
use crate::filter_sql;
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::{delete_in, in_org, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::ids::OrgId;
use crm_core::jobs::JobEnd;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::jobs::{DeletedTag, TAG_CARDS, TAG_DELETED_CARDS};
use crm_customers::ports::TagRepository;
use crm_customers::tag::Tag;
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::sync::atomic::{AtomicBool, Ordering};
use uuid::Uuid;

pub(crate) struct Tags(pub Db);

impl Keyed for tag::Model {
    fn id_column() -> Expr {
        Expr::col((tag::Entity, tag::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((tag::Entity, tag::Column::Name))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Text(self.name.clone())
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn to_domain(m: tag::Model) -> Tag {
    Tag {
        id: m.id,
        name: m.name,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// The tag of the actor's organisation, locked for a change when `lock`.
async fn find<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> Result<tag::Model> {
    let mut q = scoped::<tag::Entity>(actor).filter(tag::Column::Id.eq(id));
    if lock {
        q = q.lock_exclusive();
    }
    q.one(c).await?.ok_or(DomainError::not_found("tag").into())
}

/// How many carriers' cards one transaction of a tag job refreshes (about 10 ms of
/// writing on SQLite).
const CARDS_PER_TXN: u64 = 200;

/// The next carriers of tag `id` after person `after`, in id order.
async fn carriers_after<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    id: Uuid,
    after: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    let mut q = in_org::<person::tags::Entity>(org)
        .select_only()
        .column(person::tags::Column::RecordId)
        .filter(person::tags::Column::TagId.eq(id))
        .order_by_asc(person::tags::Column::RecordId)
        .limit(CARDS_PER_TXN);
    if let Some(a) = after {
        q = q.filter(person::tags::Column::RecordId.gt(a));
    }
    Ok(q.into_tuple().all(c).await?)
}

/// The next people after `after`, in id order, whose card holds `name` as a JSON
/// string: the carriers of a deleted tag whose cards still show it (and perhaps one whose
/// other value equals it by chance, whose refresh then changes nothing).
async fn showing_after<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    name: &str,
    after: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    let needle = serde_json::to_string(name).map_err(|e| fault("a tag name as JSON", e))?;
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let mut q = in_org::<person::Entity>(org)
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Card.like(LikeExpr::new(format!("%{escaped}%")).escape('\\')))
        .order_by_asc(person::Column::Id)
        .limit(CARDS_PER_TXN);
    if let Some(a) = after {
        q = q.filter(person::Column::Id.gt(a));
    }
    Ok(q.into_tuple().all(c).await?)
}

/// Whose cards a tag job brings up to date.
enum Carriers<'a> {
    /// The people who carry the tag.
    Of(Uuid),
    /// The people whose card still shows a deleted tag's name.
    Showing(&'a str),
}

impl Tags {
    /// Refreshes the cards of `who`, a short transaction per chunk, pausing between
    /// chunks, until none is left or `stop` is set.
    async fn refresh_cards(
        &self,
        org: OrgId,
        who: Carriers<'_>,
        stop: &AtomicBool,
    ) -> Result<JobEnd> {
        let mut after = None;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(JobEnd::Stopped);
            }
            let ids = match who {
                Carriers::Of(id) => carriers_after(&self.0.conn, org, id, after).await?,
                Carriers::Showing(name) => showing_after(&self.0.conn, org, name, after).await?,
            };
            let Some(last) = ids.last().copied() else {
                return Ok(JobEnd::Done);
            };
            let started = std::time::Instant::now();
            let txn = self.0.begin_write().await?;
            super::refresh_person_cards(&txn, org.0, &ids).await?;
            txn.commit().await?;
            after = Some(last);
            // SQLite has one writer: leave it free at least as long as this chunk held
            // it, so requests waiting to write get in between chunks (decision 0019).
            tokio::time::sleep(started.elapsed().max(std::time::Duration::from_millis(5))).await;
        }
    }
}

#[async_trait]
impl TagRepository for Tags {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Tag>> {
        port(async {
            let mut q = scoped::<tag::Entity>(actor);
            if let Some(t) = text {
                q = q.filter(filter_sql::text_match(
                    t,
                    vec![Expr::col((tag::Entity, tag::Column::Name))],
                    self.0.conn.get_database_backend(),
                ));
            }
            Ok(paging::fetch(&self.0.conn, q, page).await?.map(to_domain))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, name: String) -> DomainResult<Tag> {
        port(async {
            let txn = self.0.begin_write().await?;
            let now = time::now();
            let t = to_domain(
                tag::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    org_id: Set(actor.org_id.0),
                    name: Set(name),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                .conflict_as("a tag with this name already exists")?,
            );
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::TAG_CREATED,
                t.id,
                None,
                Some(&t),
            )
            .await?;
            txn.commit().await?;
            Ok(t)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Tag> {
        port(async { Ok(to_domain(find(&self.0.conn, actor, id, false).await?)) }).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        name: Option<String>,
        if_version: Option<i64>,
    ) -> DomainResult<Tag> {
        port(async {
            let txn = self.0.begin_write().await?;
            // Locked first, as for a delete: the people read below are all who carry it.
            let m = find(&txn, actor, id, true).await?;
            crate::record::check_version(m.version, if_version)?;
            let Some(name) = name.filter(|n| *n != m.name) else {
                return Ok(to_domain(m));
            };
            let before = to_domain(m.clone());
            let mut am: tag::ActiveModel = m.into();
            am.name = Set(name);
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let after = to_domain(
                am.update(&txn)
                    .await
                    .conflict_as("a tag with this name already exists")?,
            );
            // People's cards hold tag names: a job brings them up to date after the
            // request, a chunk of people at a time (companies read the catalogue).
            super::jobs::enqueue_in(&txn, Some(actor.org_id.0), TAG_CARDS, id, None).await?;
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::TAG_UPDATED,
                id,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            // Locked first: a concurrent tagging then waits for this delete, or this delete
            // for it, so the people read below are all who carry the tag.
            let m = find(&txn, actor, id, true).await?;
            crate::record::check_version(m.version, if_version)?;
            let before = to_domain(m);
            // The links go with it (ON DELETE CASCADE), so no filter finds it from now on;
            // the cards that still show its name follow in a job, a chunk at a time.
            delete_in::<tag::Entity>(actor.org_id)
                .filter(tag::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            let payload = serde_json::to_string(&DeletedTag {
                name: before.name.clone(),
            })
            .map_err(|e| fault("a deleted tag's job", e))?;
            super::jobs::enqueue_with_in(
                &txn,
                Some(actor.org_id.0),
                TAG_DELETED_CARDS,
                id,
                Some(payload),
                None,
            )
            .await?;
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::TAG_DELETED,
                id,
                Some(&before),
                None,
            )
            .await?;
            Ok(txn.commit().await?)
        })
        .await
    }

    #[tracing::instrument(skip(self, stop), fields(%org, %id))]
    async fn refresh_carriers(
        &self,
        org: OrgId,
        id: Uuid,
        stop: &AtomicBool,
    ) -> DomainResult<JobEnd> {
        port(self.refresh_cards(org, Carriers::Of(id), stop)).await
    }

    #[tracing::instrument(skip(self, stop), fields(%org))]
    async fn refresh_former_carriers(
        &self,
        org: OrgId,
        name: &str,
        stop: &AtomicBool,
    ) -> DomainResult<JobEnd> {
        port(self.refresh_cards(org, Carriers::Showing(name), stop)).await
    }
}
