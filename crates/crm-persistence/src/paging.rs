//! Keyset pages for any entity: `ORDER BY keys…, id` and, after a cursor, one
//! row-value comparison `(keys…, id) > (…)` that an index can seek on. Never OFFSET.

use crate::error;
use crm_core::DomainResult;
use crm_core::page::{Cursor, CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use sea_orm::sea_query::{Expr, ExprTrait, Value};
use sea_orm::{
    ConnectionTrait, EntityTrait, FromQueryResult, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

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
    };
    Expr::val(v)
}

/// Fetches one page of `select` (already scoped and filtered) in the requested order.
pub(crate) async fn fetch<E, C>(
    c: &C,
    select: Select<E>,
    req: &PageRequest,
) -> DomainResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Keyed + FromQueryResult + Sized + Send + Sync,
    C: ConnectionTrait,
{
    let total = if req.include_total {
        Some(select.clone().count(c).await.map_err(error::db)?)
    } else {
        None
    };
    let order = if req.sort.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let mut q = select;
    if let Some(after) = &req.after {
        let mut cols: Vec<Expr> = req.sort.fields.iter().map(E::Model::sort_column).collect();
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
    for f in &req.sort.fields {
        q = q.order_by(E::Model::sort_column(f), order.clone());
    }
    q = q
        .order_by(E::Model::id_column(), order)
        .limit(req.limit + 1);
    let mut rows = q.all(c).await.map_err(error::db)?;
    let next_cursor = if rows.len() as u64 > req.limit {
        rows.truncate(req.limit as usize);
        rows.last().map(|last| {
            Cursor {
                values: req.sort.fields.iter().map(|f| last.sort_value(f)).collect(),
                id: last.row_id(),
            }
            .encode(&req.sort)
        })
    } else {
        None
    };
    Ok(Page {
        items: rows,
        next_cursor,
        total,
    })
}
