//! Links from a record to the people, companies and staff users it concerns (an
//! interaction's, a task's), each link table declared with [`LinkTable`]: the targets
//! checked live in the actor's organisation before they are written, read back in the
//! order given, filtered on with `EXISTS`, and followed to a survivor after a merge.

use crate::entities::{company, person, user};
use crate::error::Result;
use crate::record::{Tenanted, delete_in, in_org, scoped, update_in};
use chrono::{DateTime, Utc};
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::{Actor, DomainError};
use crm_customers::custom_field::FieldResource;
use crm_interactions::interaction::Links;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveModelTrait, IntoActiveModel, QueryTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Person,
    Company,
    User,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Company => "company",
            Kind::User => "user",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Kind::Person => "person_ids",
            Kind::Company => "company_ids",
            Kind::User => "user_ids",
        }
    }
}

/// The ids among `ids` of the live records of `kind` in the actor's organisation (a
/// merged record is not live: its survivor is), as a query: the check reads it, and a
/// write that checks inside its own statement counts it ([`all_live`]).
fn live_of(actor: &Actor, kind: Kind, ids: &[Uuid]) -> SelectStatement {
    match kind {
        Kind::Person => scoped::<person::Entity>(actor)
            .filter(person::Column::Id.is_in(ids.to_vec()))
            .filter(person::Column::DeletedAt.is_null())
            .filter(person::Column::MergedInto.is_null())
            .select_only()
            .column(person::Column::Id)
            .into_query(),
        Kind::Company => scoped::<company::Entity>(actor)
            .filter(company::Column::Id.is_in(ids.to_vec()))
            .filter(company::Column::DeletedAt.is_null())
            .filter(company::Column::MergedInto.is_null())
            .select_only()
            .column(company::Column::Id)
            .into_query(),
        Kind::User => scoped::<user::Entity>(actor)
            .filter(user::Column::Id.is_in(ids.to_vec()))
            .filter(user::Column::DeletedAt.is_null())
            .select_only()
            .column(user::Column::Id)
            .into_query(),
    }
}

/// Each kind of link with its ids, where the list was given.
fn lists(
    people: Option<&[PersonId]>,
    companies: Option<&[CompanyId]>,
    users: Option<&[UserId]>,
) -> [(Kind, Option<Vec<Uuid>>); 3] {
    use crm_interactions::interaction::untyped;
    [
        (Kind::Person, people.map(untyped)),
        (Kind::Company, companies.map(untyped)),
        (Kind::User, users.map(untyped)),
    ]
}

/// The condition that every record `links` names is live, for a write that checks
/// inside its own statement (`INSERT … SELECT … WHERE`); `None` when it names none.
pub(crate) fn all_live(actor: &Actor, links: &Links) -> Option<Expr> {
    let mut guard: Option<Expr> = None;
    let given = lists(
        Some(&links.people),
        Some(&links.companies),
        Some(&links.users),
    );
    for (kind, ids) in given {
        let ids: HashSet<Uuid> = ids.unwrap_or_default().into_iter().collect();
        if ids.is_empty() {
            continue;
        }
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let count = Query::select()
            .expr(Expr::cust("count(*)"))
            .from_subquery(live_of(actor, kind, &ids), Alias::new("live"))
            .to_owned();
        let all = Expr::SubQuery(None, Box::new(count.into())).eq(ids.len() as i64);
        guard = Some(match guard {
            Some(g) => g.and(all),
            None => all,
        });
    }
    guard
}

/// What a link to a record that is not there is told.
pub(crate) fn missing(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "no live person of this organisation has this id",
        Kind::Company => "no live company of this organisation has this id",
        Kind::User => "no staff user of this organisation has this id",
    }
}

/// The ids among `ids` of the live records of `kind` in the actor's organisation, read
/// in one query (none for no ids).
pub(crate) async fn live<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    kind: Kind,
    ids: &[Uuid],
) -> Result<HashSet<Uuid>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(c.query_all(&live_of(actor, kind, ids))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<Uuid>(0))
        .collect::<std::result::Result<HashSet<Uuid>, _>>()?)
}

fn unknown(e: &mut Errors, kind: Kind, ids: &[Uuid], found: &HashSet<Uuid>) {
    for (i, id) in ids.iter().enumerate() {
        if !found.contains(id) {
            e.push(format!("{}[{i}]", kind.field()), "unknown", missing(kind));
        }
    }
}

/// Refuses a link to a record that is not live in the actor's organisation, naming the
/// list and index of each (a merged record is not live: link its survivor).
pub(crate) async fn check<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    people: Option<&[PersonId]>,
    companies: Option<&[CompanyId]>,
    users: Option<&[UserId]>,
) -> Result<()> {
    let mut e = Errors::new();
    for (kind, ids) in lists(people, companies, users) {
        let Some(ids) = ids.filter(|ids| !ids.is_empty()) else {
            continue;
        };
        let found = live(c, actor, kind, &ids).await?;
        unknown(&mut e, kind, &ids, &found);
    }
    e.finish(()).map_err(Into::into)
}

/// Refuses one named record (an opportunity's `person_id`, `company_id`) that is not
/// live in the actor's organisation, naming `field`.
pub(crate) async fn check_one<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    kind: Kind,
    id: Option<Uuid>,
    field: &str,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    if c.query_one(&live_of(actor, kind, &[id])).await?.is_none() {
        return Err(DomainError::field(field, "unknown", missing(kind)).into());
    }
    Ok(())
}

/// A table of links `(holder, kind, target, org_id, position)`.
pub(crate) trait LinkTable: Tenanted {
    /// The holder's column (`interaction_id`, `task_id`).
    const HOLDER: Self::Column;
    const KIND: Self::Column;
    const TARGET: Self::Column;
    const POSITION: Self::Column;
    /// The row of one link; `at` is the holder's time, for tables that keep it.
    fn row(
        org: OrgId,
        holder: Uuid,
        kind: Kind,
        target: Uuid,
        position: i32,
        at: Option<DateTime<Utc>>,
    ) -> Self::ActiveModel;
    /// A row's holder, kind and target.
    fn ends(row: &Self::Model) -> (Uuid, &str, Uuid);
}

/// The [`LinkTable`] of a table of links that keep no time of their own
/// (`task_links`, `case_links`): `$table` its entity module, `$Holder` its holder's
/// column and `$holder` the field of it.
macro_rules! undated_links {
    ($table:ident, $Holder:ident, $holder:ident) => {
        impl $crate::repos::links::LinkTable for $crate::entities::$table::Entity {
            const HOLDER: $crate::entities::$table::Column =
                $crate::entities::$table::Column::$Holder;
            const KIND: $crate::entities::$table::Column = $crate::entities::$table::Column::Kind;
            const TARGET: $crate::entities::$table::Column =
                $crate::entities::$table::Column::TargetId;
            const POSITION: $crate::entities::$table::Column =
                $crate::entities::$table::Column::Position;

            fn row(
                org: crm_core::ids::OrgId,
                holder: uuid::Uuid,
                kind: $crate::repos::links::Kind,
                target: uuid::Uuid,
                position: i32,
                _at: Option<chrono::DateTime<chrono::Utc>>,
            ) -> $crate::entities::$table::ActiveModel {
                use sea_orm::ActiveValue::Set;
                $crate::entities::$table::ActiveModel {
                    $holder: Set(holder),
                    kind: Set(kind.as_str().to_string()),
                    target_id: Set(target),
                    org_id: Set(org.0),
                    position: Set(position),
                }
            }

            fn ends(row: &$crate::entities::$table::Model) -> (uuid::Uuid, &str, uuid::Uuid) {
                (row.$holder, &row.kind, row.target_id)
            }
        }
    };
}
pub(crate) use undated_links;

/// Writes the people and companies of a new record (a task's, a case's).
pub(crate) async fn write_all<L: LinkTable, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    holder: Uuid,
    people: &[PersonId],
    companies: &[CompanyId],
) -> Result<()>
where
    L::Model: IntoActiveModel<L::ActiveModel>,
    L::ActiveModel: ActiveModelTrait<Entity = L> + Send,
{
    use crm_interactions::interaction::untyped;
    for (kind, ids) in [
        (Kind::Person, untyped(people)),
        (Kind::Company, untyped(companies)),
    ] {
        write::<L, C>(c, actor, (holder, None), kind, &ids, false).await?;
    }
    Ok(())
}

/// Replaces the holder's links of `kind` with `ids`, in that order.
pub(crate) async fn write<L: LinkTable, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    (holder, at): (Uuid, Option<DateTime<Utc>>),
    kind: Kind,
    ids: &[Uuid],
    replacing: bool,
) -> Result<()>
where
    L::Model: IntoActiveModel<L::ActiveModel>,
    L::ActiveModel: ActiveModelTrait<Entity = L> + Send,
{
    if replacing {
        delete_in::<L>(actor.org_id)
            .filter(L::HOLDER.eq(holder))
            .filter(L::KIND.eq(kind.as_str()))
            .exec(c)
            .await?;
    }
    if ids.is_empty() {
        return Ok(());
    }
    let rows = ids.iter().enumerate().map(|(i, id)| {
        L::row(
            actor.org_id,
            holder,
            kind,
            *id,
            i32::try_from(i).unwrap_or(i32::MAX),
            at,
        )
    });
    L::insert_many(rows).exec_without_returning(c).await?;
    Ok(())
}

/// The links of each of `holders`, each kind in the order it was given.
pub(crate) async fn of<L: LinkTable, C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    holders: &[Uuid],
) -> Result<HashMap<Uuid, Links>> {
    let mut out: HashMap<Uuid, Links> = HashMap::new();
    if holders.is_empty() {
        return Ok(out);
    }
    let rows = in_org::<L>(org)
        .filter(L::HOLDER.is_in(holders.to_vec()))
        .order_by_asc(L::POSITION)
        .all(c)
        .await?;
    for r in &rows {
        let (holder, kind, target) = L::ends(r);
        let links = out.entry(holder).or_default();
        match kind {
            "person" => links.people.push(PersonId(target)),
            "company" => links.companies.push(CompanyId(target)),
            "user" => links.users.push(UserId(target)),
            other => {
                return Err(DomainError::internal(format!(
                    "stored link kind '{other}' is unknown"
                ))
                .into());
            }
        }
    }
    Ok(out)
}

/// The holder's links of `kind`, correlated with the filtered holder row `holder_id`,
/// for filters such as `person_id` (with `FieldSql::Related` on the target column).
pub(crate) fn of_kind<L: LinkTable>(kind: Kind, holder_id: Expr) -> SelectStatement {
    Query::select()
        .expr(Expr::cust("1"))
        .from(L::default())
        .and_where(Expr::col((L::default(), L::HOLDER)).eq(holder_id))
        .and_where(Expr::col((L::default(), L::KIND)).eq(kind.as_str()))
        .to_owned()
}

/// The target column of `L`, qualified, for the filters' comparisons.
pub(crate) fn target<L: LinkTable>() -> Expr {
    Expr::col((L::default(), L::TARGET))
}

/// After a merge, links to `source` of `kind` point to `survivor`, once per holder: a
/// holder linked to both keeps its link to the survivor.
pub(crate) async fn follow<L: LinkTable, C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    kind: &str,
    source: Uuid,
    survivor: Uuid,
) -> Result<()> {
    let holders_of_survivor = in_org::<L>(actor.org_id)
        .select_only()
        .column(L::HOLDER)
        .filter(L::KIND.eq(kind))
        .filter(L::TARGET.eq(survivor))
        .into_query();
    delete_in::<L>(actor.org_id)
        .filter(L::KIND.eq(kind))
        .filter(L::TARGET.eq(source))
        .filter(L::HOLDER.in_subquery(holders_of_survivor))
        .exec(c)
        .await?;
    update_in::<L>(actor.org_id)
        .col_expr(L::TARGET, Expr::val(survivor))
        .filter(L::KIND.eq(kind))
        .filter(L::TARGET.eq(source))
        .exec(c)
        .await?;
    Ok(())
}

/// What a page of linked records carries besides their rows: tags, links and custom
/// values, each by record id.
pub(crate) struct Children {
    pub tags: HashMap<Uuid, Vec<String>>,
    pub links: HashMap<Uuid, Links>,
    pub custom: HashMap<Uuid, serde_json::Map<String, serde_json::Value>>,
}

impl Children {
    /// Record `id`'s tags (sorted), links and custom values, taken out of the maps.
    pub(crate) fn take(
        &mut self,
        id: Uuid,
    ) -> (
        Vec<String>,
        Links,
        serde_json::Map<String, serde_json::Value>,
    ) {
        let mut tags = self.tags.remove(&id).unwrap_or_default();
        tags.sort();
        (
            tags,
            self.links.remove(&id).unwrap_or_default(),
            self.custom.remove(&id).unwrap_or_default(),
        )
    }
}

/// The children of records `ids` of `resource` in `org`: the tags, the links and the
/// custom field definitions (on PostgreSQL at once, three round trips in the time of
/// one), then the values of those fields.
pub(crate) async fn children<T, L, C>(
    c: &C,
    org: OrgId,
    resource: FieldResource,
    ids: &[Uuid],
) -> Result<Children>
where
    T: crate::record::TagLink,
    L: LinkTable,
    C: ConnectionTrait,
{
    let tags = crate::record::tags_of::<T, _>(c, org, ids);
    let links = of::<L, _>(c, org, ids);
    let defs = super::custom_fields::definitions_of(c, org.0, resource);
    let (tags, links, defs) = if c.get_database_backend() == DbBackend::Postgres {
        tokio::try_join!(tags, links, defs)?
    } else {
        // SQLite has no network to wait on: each read is a hop to a connection's
        // thread, and three at once only add hops and wake-ups (measured slower).
        (tags.await?, links.await?, defs.await?)
    };
    let custom = super::custom_fields::read_values(c, org, &defs, ids).await?;
    Ok(Children {
        tags,
        links,
        custom,
    })
}
