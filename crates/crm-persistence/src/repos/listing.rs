//! A page of a record resource's live rows as its list and search ask for it: the
//! filter tree over its own fields and its custom fields, free text over its text
//! columns, and sorts on either (custom field definitions read only when named).

use crate::db::Db;
use crate::error::{Result, port};
use crate::filter_sql::{self, FieldSql};
use crate::paging::{self, Keyed};
use crm_core::filter::Filter;
use crm_core::page::{Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainResult};
use crm_records::custom_field::FieldResource;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, Select,
};

/// What a resource's rows can be searched by.
pub(crate) struct Searchable {
    /// Whose custom fields `custom_fields.<key>` names.
    pub resource: FieldResource,
    /// The SQL of one of its own filterable fields.
    pub field: fn(&str) -> Option<FieldSql>,
    /// The columns free text is matched against.
    pub text: Vec<Expr>,
    /// Its id column, which custom field values join on.
    pub id: Expr,
}

/// One page of `q` (already scoped to the actor's organisation and to live rows)
/// narrowed by `filter` and `text`, in `page`'s order.
pub(crate) async fn page_of<E, C>(
    c: &C,
    actor: &Actor,
    q: Select<E>,
    s: Searchable,
    filter: Option<&Filter>,
    text: Option<&str>,
    page: &PageRequest,
) -> Result<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Keyed + FromQueryResult + Sized + Send + Sync,
    C: ConnectionTrait,
{
    let defs =
        super::custom_fields::definitions_if_named(c, actor, s.resource, filter, page).await?;
    let mut q = q;
    if let Some(f) = filter {
        let map = |name: &str| {
            (s.field)(name).or_else(|| super::custom_fields::field_sql(&defs, name, s.id.clone()))
        };
        q = q.filter(filter_sql::condition(f, &map, c.get_database_backend())?);
    }
    if let Some(t) = text {
        q = q.filter(filter_sql::text_match(t, s.text, c.get_database_backend()));
    }
    let sort = |f: &SortField| super::custom_fields::sort_sql(&defs, &f.name, s.id.clone());
    paging::fetch_with(c, q, page, &sort).await
}

/// Every record resource's `list`: one page of its live rows `q` (scoped to the actor's
/// organisation, and to whose work they see), each read whole by `load`, the
/// resource's read of many rows at once.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn records<E, T>(
    db: &Db,
    actor: &Actor,
    q: Select<E>,
    s: Searchable,
    filter: Option<&Filter>,
    text: Option<&str>,
    page: &PageRequest,
    load: impl AsyncFnOnce(&DatabaseConnection, Vec<E::Model>) -> Result<Vec<T>>,
) -> DomainResult<Page<T>>
where
    E: EntityTrait,
    E::Model: Keyed + FromQueryResult + Sized + Send + Sync,
{
    port(async {
        let c = &db.conn;
        let found = page_of(c, actor, q, s, filter, text, page).await?;
        Ok(Page {
            items: load(c, found.items).await?,
            next_cursor: found.next_cursor,
            total: found.total,
        })
    })
    .await
}
