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
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QuerySelect, Statement};
use sources::Ask;
use uuid::Uuid;

pub(crate) struct Timelines(pub Db);

/// The live record `id` of `E` (a merged one is a redirect to its survivor) and the
/// ids of the records merged into it, in one read of the few columns needed (the row
/// itself, with its card, is not wanted here): the subject by its key and its twins
/// through the partial index on `merged_into`.
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
    let rows: Vec<(Uuid, Option<Uuid>, bool)> = scoped::<E>(actor)
        .filter(E::ID.eq(id).or(merged_into.eq(id)))
        .select_only()
        .column(E::ID)
        .column(merged_into)
        .expr(dead)
        .into_tuple()
        .all(c)
        .await?;
    match rows.iter().find(|(i, _, _)| *i == id) {
        Some((_, Some(to), _)) => {
            return Err(DomainError::Moved {
                resource: E::RESOURCE,
                collection: E::COLLECTION,
                to: *to,
            }
            .into());
        }
        Some((_, None, false)) => {}
        _ => return Err(DomainError::not_found(E::RESOURCE).into()),
    }
    let mut ids = vec![id];
    ids.extend(rows.into_iter().map(|(i, _, _)| i).filter(|i| *i != id));
    Ok(ids)
}

/// Every wanted source's rows for the page as one `UNION ALL`, each branch already
/// cut to the page by its own index, the whole ordered newest first and cut again: one
/// round trip whatever the number of kinds. The LIMITs are written into the SQL, not
/// bound (as `paging` does): PostgreSQL cannot cost a generic plan for unknown row
/// counts, so bound LIMITs had every page of the union planned afresh, which took
/// longer than running it (EXPLAIN ANALYZE, stop 27).
async fn read<C: ConnectionTrait>(c: &C, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    let backend = c.get_database_backend();
    let mut sql = String::new();
    let mut values = Vec::new();
    for (i, s) in sources::ALL.iter().enumerate() {
        if !(s.serves)(&ask.subject) || !ask.window.wants(s.kind.name) {
            continue;
        }
        let Some(q) = (s.select)(ask) else { continue };
        let branch = backend.build(&q);
        let body = match backend {
            DbBackend::Postgres => crate::one_trip::renumber(&branch.sql, values.len()),
            _ => branch.sql,
        };
        values.extend(branch.values.map(|v| v.0).unwrap_or_default());
        if !sql.is_empty() {
            sql.push_str(" UNION ALL ");
        }
        // Which source a row came from, as a literal the database echoes back.
        sql.push_str(&format!(
            "SELECT {i} AS src, * FROM ({body} LIMIT {}) AS s{i}",
            ask.limit
        ));
    }
    if sql.is_empty() {
        return Ok(Vec::new());
    }
    sql.push_str(&format!(" ORDER BY at DESC, id DESC LIMIT {}", ask.limit));
    let rows = c
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    rows.iter()
        .map(|r| {
            let src: i32 = r.try_get_by_index(0)?;
            let row: sources::Row = r.try_get_many("", &sources::COLUMNS.map(String::from))?;
            let source = usize::try_from(src)
                .ok()
                .and_then(|i| sources::ALL.get(i))
                .ok_or_else(|| DomainError::internal("a timeline row from no known source"))?;
            (source.entry)(row)
        })
        .collect()
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
            let all = read(c, &ask).await?;
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
