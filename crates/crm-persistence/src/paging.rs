//! Keyset pages for any entity: `ORDER BY keys…, id` and, after a cursor, one
//! row-value comparison `(keys…, id) > (…)` that an index can seek on. Never OFFSET.
//! Keys that may be unset (custom fields) sort last and page with an expanded
//! comparison instead.

use crate::error::Result;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::DomainError;
use crm_core::page::{Cursor, CursorValue, Page, PageRequest};
use crm_core::sort::{SortField, SortKind};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, Value};
use sea_orm::{
    ConnectionTrait, EntityTrait, FromQueryResult, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QueryTrait, Select,
};
use uuid::Uuid;

/// Where a sort key that is not a column of the entity lives (a custom field's value,
/// as a scalar subquery on the row), or `None` for the entity's own columns.
pub(crate) type ExtraKeys<'a> = &'a (dyn Fn(&SortField) -> Option<Expr> + Sync);

/// How the pager reads one entity: its columns by sort-field name, and a row's keys.
pub(crate) trait Keyed {
    /// The id column.
    fn id_column() -> Expr;
    /// The column behind a sortable field.
    fn sort_column(field: &SortField) -> Expr;
    /// This row's value of a sortable field.
    fn sort_value(&self, field: &SortField) -> CursorValue;
    fn row_id(&self) -> Uuid;
}

fn bind(v: &CursorValue) -> Expr {
    let v: Value = match v {
        CursorValue::Text(s) => s.clone().into(),
        CursorValue::Integer(i) => (*i).into(),
        CursorValue::Timestamp(t) => (*t).into(),
        CursorValue::Uuid(u) => (*u).into(),
        CursorValue::Date(d) => (*d).into(),
        CursorValue::Bool(b) => (*b).into(),
        CursorValue::Null => return Expr::cust("NULL"),
    };
    Expr::val(v)
}

/// Rows after the cursor in the sort's order, when some keys may be unset (and unset
/// sorts last): `k1 beyond v1 OR (k1 = v1 AND (… OR (kn = vn AND id beyond i)))`, where
/// a set value is followed by the unset ones and an unset value only by unset ones.
fn after_nullable(keys: &[(Expr, bool)], after: &Cursor, id: Expr, descending: bool) -> Expr {
    let beyond = |k: Expr, v: Expr| if descending { k.lt(v) } else { k.gt(v) };
    let mut cond = beyond(id, bind(&CursorValue::Uuid(after.id)));
    for ((k, nullable), v) in keys.iter().zip(&after.values).rev() {
        cond = match v {
            CursorValue::Null => k.clone().is_null().and(cond),
            v => {
                let mut past = beyond(k.clone(), bind(v));
                if *nullable {
                    past = past.or(k.clone().is_null());
                }
                past.or(k.clone().eq(bind(v)).and(cond))
            }
        };
    }
    cond
}

/// The value of a computed key for the row `id`, as a cursor holds it.
async fn key_of<E: EntityTrait, C: ConnectionTrait>(
    c: &C,
    key: Expr,
    kind: SortKind,
    id: Expr,
    row: Uuid,
) -> Result<CursorValue> {
    let q = Query::select()
        .expr_as(key, Alias::new("k"))
        .from(E::default())
        .and_where(id.eq(row))
        .to_owned();
    let r = c
        .query_one_raw(c.get_database_backend().build(&q))
        .await?
        .ok_or_else(|| DomainError::internal("the last row of a page vanished"))?;
    let v = match kind {
        SortKind::Text => r.try_get::<Option<String>>("", "k")?.map(CursorValue::Text),
        SortKind::Integer => r.try_get::<Option<i64>>("", "k")?.map(CursorValue::Integer),
        SortKind::Timestamp => r
            .try_get::<Option<DateTime<Utc>>>("", "k")?
            .map(CursorValue::Timestamp),
        SortKind::Uuid => r.try_get::<Option<Uuid>>("", "k")?.map(CursorValue::Uuid),
        SortKind::Date => r
            .try_get::<Option<NaiveDate>>("", "k")?
            .map(CursorValue::Date),
        SortKind::Boolean => r.try_get::<Option<bool>>("", "k")?.map(CursorValue::Bool),
    };
    Ok(v.unwrap_or(CursorValue::Null))
}

/// Fetches one page of `select` (already scoped and filtered) in the requested order.
pub(crate) async fn fetch<E, C>(
    c: &C,
    select: Select<E>,
    req: &PageRequest,
) -> Result<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Keyed + FromQueryResult + Sized + Send + Sync,
    C: ConnectionTrait,
{
    fetch_with(c, select, req, &|_| None).await
}

/// [`fetch`], with sort keys computed by `extra` where it knows them.
pub(crate) async fn fetch_with<E, C>(
    c: &C,
    select: Select<E>,
    req: &PageRequest,
    extra: ExtraKeys<'_>,
) -> Result<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Keyed + FromQueryResult + Sized + Send + Sync,
    C: ConnectionTrait,
{
    let total = if req.include_total {
        Some(select.clone().count(c).await?)
    } else {
        None
    };
    let order = if req.sort.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let keys: Vec<(Expr, bool)> = req
        .sort
        .fields
        .iter()
        .map(|f| match extra(f) {
            Some(e) => (e, true),
            None => (E::Model::sort_column(f), false),
        })
        .collect();
    let mut q = select;
    if let Some(after) = &req.after {
        if keys.iter().any(|k| k.1) {
            q = q.filter(after_nullable(
                &keys,
                after,
                E::Model::id_column(),
                req.sort.descending,
            ));
        } else {
            let mut cols: Vec<Expr> = keys.iter().map(|k| k.0.clone()).collect();
            cols.push(E::Model::id_column());
            let mut vals: Vec<Expr> = after.values.iter().map(bind).collect();
            vals.push(bind(&CursorValue::Uuid(after.id)));
            let (l, r) = if cols.len() == 1 {
                (cols.remove(0), vals.remove(0))
            } else {
                (Expr::tuple(cols), Expr::tuple(vals))
            };
            q = q.filter(if req.sort.descending {
                l.lt(r)
            } else {
                l.gt(r)
            });
        }
    }
    for (k, nullable) in &keys {
        if *nullable {
            q = q.order_by(k.clone().is_null(), Order::Asc);
        }
        q = q.order_by(k.clone(), order.clone());
    }
    q = q.order_by(E::Model::id_column(), order);
    // The LIMIT is written into the SQL, not bound: PostgreSQL cannot cost a generic plan
    // for an unknown row count, so a bound LIMIT had every page planned afresh (planning
    // took longer than running the query). The limit is a number of ours, never input.
    let mut stmt = q.build(c.get_database_backend());
    stmt.sql.push_str(&format!(" LIMIT {}", req.limit + 1));
    let mut rows = E::find().from_raw_sql(stmt).all(c).await?;
    let next_cursor = if rows.len() as u64 > req.limit {
        rows.truncate(req.limit as usize);
        match rows.last() {
            Some(last) => {
                let mut values = Vec::with_capacity(keys.len());
                for (f, (k, nullable)) in req.sort.fields.iter().zip(&keys) {
                    values.push(if *nullable {
                        key_of::<E, C>(c, k.clone(), f.kind, E::Model::id_column(), last.row_id())
                            .await?
                    } else {
                        last.sort_value(f)
                    });
                }
                Some(
                    Cursor {
                        values,
                        id: last.row_id(),
                    }
                    .encode(&req.sort),
                )
            }
            None => None,
        }
    } else {
        None
    };
    Ok(Page {
        items: rows,
        next_cursor,
        total,
    })
}
