//! Timelines: each kind of entry read from where its fact lives ([`sources::ALL`]),
//! merged newest first into one keyset page (decision 0029).

mod sources;

use crate::db::Db;
use crate::entities::{company, person};
use crate::error::{Result, port};
use crate::record::{Record, scoped};
use async_trait::async_trait;
use crm_core::page::{Cursor, CursorValue, Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult};
use crm_records::timeline::{Entry, Subject, TimelineRepository, Window, newest};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use sources::Ask;
use uuid::Uuid;

pub(crate) struct Timelines(pub Db);

/// The live record `id` of `E` (a merged one is a redirect to its survivor) and the
/// ids of the records merged into it: two index lookups that read no more than the
/// columns they need (the row itself, with its card, is not wanted here).
async fn subject<E, C>(c: &C, actor: &Actor, id: Uuid, merged_into: E::Column) -> Result<Vec<Uuid>>
where
    E: Record,
    C: ConnectionTrait,
{
    let gone = match E::GONE_AT {
        Some(g) => Expr::col(g).is_not_null(),
        None => Expr::val(false),
    };
    let dead = Expr::col(E::DELETED_AT).is_not_null().or(gone);
    let row: Option<(Option<Uuid>, bool)> = scoped::<E>(actor)
        .filter(E::ID.eq(id))
        .select_only()
        .column(merged_into)
        .expr(dead)
        .into_tuple()
        .one(c)
        .await?;
    match row {
        Some((Some(to), _)) => {
            return Err(DomainError::Moved {
                resource: E::RESOURCE,
                collection: E::COLLECTION,
                to,
            }
            .into());
        }
        Some((None, false)) => {}
        _ => return Err(DomainError::not_found(E::RESOURCE).into()),
    }
    let mut ids: Vec<Uuid> = scoped::<E>(actor)
        .filter(merged_into.eq(id))
        .select_only()
        .column(E::ID)
        .into_tuple()
        .all(c)
        .await?;
    ids.insert(0, id);
    Ok(ids)
}

/// Where the page starts: after the previous page's last entry.
fn after(page: &PageRequest) -> Result<Option<(chrono::DateTime<chrono::Utc>, Uuid)>> {
    let Some(c) = &page.after else {
        return Ok(None);
    };
    match c.values.as_slice() {
        [CursorValue::Timestamp(t)] => Ok(Some((*t, c.id))),
        _ => Err(DomainError::internal("a timeline cursor holds one time").into()),
    }
}

#[async_trait]
impl TimelineRepository for Timelines {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn page(
        &self,
        actor: &Actor,
        subject_of: Subject,
        window: &Window,
        page: &PageRequest,
    ) -> DomainResult<Page<Entry>> {
        port(async {
            let c = &self.0.conn;
            let (id, ids) = match subject_of {
                Subject::Person(p) => (
                    p.0,
                    subject::<person::Entity, _>(c, actor, p.0, person::Column::MergedInto).await?,
                ),
                Subject::Company(k) => (
                    k.0,
                    subject::<company::Entity, _>(c, actor, k.0, company::Column::MergedInto)
                        .await?,
                ),
            };
            let ask = Ask {
                actor,
                subject: subject_of,
                id,
                ids,
                window,
                after: after(page)?,
                limit: page.limit + 1,
            };
            let mut all: Vec<Entry> = Vec::new();
            for s in sources::ALL {
                if (s.serves)(&subject_of) && window.wants(s.kind.name) {
                    all.extend((s.read)(c, &ask).await?);
                }
            }
            let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
            let (items, more) = newest(all, limit);
            let next_cursor = items.last().filter(|_| more).map(|e| {
                Cursor {
                    values: vec![CursorValue::Timestamp(e.occurred_at)],
                    id: e.id,
                }
                .encode(&page.sort)
            });
            Ok(Page {
                items,
                next_cursor,
                total: None,
            })
        })
        .await
    }
}
