//! Tags for any taggable record, written once: the organisation's catalogue (`tags`)
//! and one link table per resource (`person_tags`, `company_tags`, …), declared by one
//! [`tag_links!`] line in the resource's entity module. Setting a record's tags, reading
//! many records' tags, and the `tags` filter field are the same for every resource.

use super::{Tenanted, delete_in, in_org, scoped};
use crate::entities::tag;
use crate::error::Result;
use crate::filter_sql::FieldSql;
use crate::time;
use crm_core::Actor;
use crm_core::ids::OrgId;
use sea_orm::sea_query::{Expr, ExprTrait, IntoIden, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// A table linking a resource's records to tags of the catalogue.
pub(crate) trait TagLink: Tenanted {
    /// The column naming the tagged record.
    const RECORD: Self::Column;
    /// The column naming the tag.
    const TAG: Self::Column;

    fn link(org: OrgId, record: Uuid, tag: Uuid) -> Self::ActiveModel;
    fn ends(row: &Self::Model) -> (Uuid, Uuid);
}

/// Declares, inside a taggable resource's entity module, the module `tags`: the entity
/// of the table `$table` (`record column`, `tag_id`, `org_id`; its migration creates it
/// with foreign keys to the record and the tag) and its [`TagLink`]. Mark the resource
/// `name + tags` in `tenant_tables!`.
macro_rules! tag_links {
    ($table:tt, $record:tt) => {
        /// The table linking these records to tags of the catalogue.
        pub mod tags {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                /// The tagged record.
                #[sea_orm(primary_key, auto_increment = false, column_name = $record)]
                pub record_id: Uuid,
                #[sea_orm(primary_key, auto_increment = false)]
                pub tag_id: Uuid,
                pub org_id: Uuid,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}

            impl $crate::record::TagLink for Entity {
                const RECORD: Column = Column::RecordId;
                const TAG: Column = Column::TagId;

                fn link(org: crm_core::ids::OrgId, record: Uuid, tag: Uuid) -> ActiveModel {
                    use sea_orm::ActiveValue::Set;
                    ActiveModel {
                        record_id: Set(record),
                        tag_id: Set(tag),
                        org_id: Set(org.0),
                    }
                }
                fn ends(row: &Model) -> (Uuid, Uuid) {
                    (row.record_id, row.tag_id)
                }
            }
        }
    };
}

pub(crate) use tag_links;

/// The ids of the organisation's tags named `names`, adding missing ones to the catalogue.
/// The catalogue is read first: in the usual case every name is there already and this
/// is one query, not an insert and a query.
pub(crate) async fn ensure_tag_ids<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    names: &[String],
) -> Result<HashMap<String, Uuid>> {
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    let known = named(c, actor, names).await?;
    if names.iter().all(|n| known.contains_key(n)) {
        return Ok(known);
    }
    let now = time::now();
    let rows = names
        .iter()
        .filter(|n| !known.contains_key(*n))
        .map(|n| tag::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            name: Set(n.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        });
    // Another writer may add the same name meanwhile (PostgreSQL): keep theirs.
    tag::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([tag::Column::OrgId, tag::Column::Name])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    named(c, actor, names).await
}

async fn named<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    names: &[String],
) -> Result<HashMap<String, Uuid>> {
    Ok(scoped::<tag::Entity>(actor)
        .filter(tag::Column::Name.is_in(names.to_vec()))
        .all(c)
        .await?
        .into_iter()
        .map(|t| (t.name, t.id))
        .collect())
}

/// Replaces the tags of `record` with `names`, adding new names to the catalogue.
/// Links a new record (which has no tags yet) to the tags `names`, adding any the
/// catalogue lacks.
pub(crate) async fn add_tags<L, C>(
    c: &C,
    actor: &Actor,
    record: Uuid,
    names: &[String],
) -> Result<()>
where
    L: TagLink,
    C: ConnectionTrait,
{
    let ids = ensure_tag_ids(c, actor, names).await?;
    if ids.is_empty() {
        return Ok(());
    }
    let rows = ids
        .into_values()
        .map(|tag| L::link(actor.org_id, record, tag));
    L::insert_many(rows).exec_without_returning(c).await?;
    Ok(())
}

pub(crate) async fn set_tags<L, C>(
    c: &C,
    actor: &Actor,
    record: Uuid,
    names: &[String],
) -> Result<()>
where
    L: TagLink,
    C: ConnectionTrait,
{
    delete_in::<L>(actor.org_id)
        .filter(L::RECORD.eq(record))
        .exec(c)
        .await?;
    add_tags::<L, C>(c, actor, record, names).await
}

/// The tag names of each of `records` of `org`.
pub(crate) async fn tags_of<L, C>(
    c: &C,
    org: OrgId,
    records: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>>
where
    L: TagLink,
    C: ConnectionTrait,
{
    let mut out: HashMap<Uuid, Vec<String>> = HashMap::new();
    if records.is_empty() {
        return Ok(out);
    }
    let links = in_org::<L>(org)
        .filter(L::RECORD.is_in(records.to_vec()))
        .all(c)
        .await?;
    let tag_ids: Vec<Uuid> = links.iter().map(|l| L::ends(l).1).collect();
    let names: HashMap<Uuid, String> = in_org::<tag::Entity>(org)
        .filter(tag::Column::Id.is_in(tag_ids))
        .all(c)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    for l in links {
        let (record, tag) = L::ends(&l);
        if let Some(n) = names.get(&tag) {
            out.entry(record).or_default().push(n.clone());
        }
    }
    Ok(out)
}

/// The `tags` filter field of a resource whose rows are `record` (its id column):
/// a text set of the names of the record's tags.
pub(crate) fn tags_field<L, R>(record: R) -> FieldSql
where
    L: TagLink,
    R: sea_orm::sea_query::IntoColumnRef,
{
    let link = L::default().into_iden();
    FieldSql::Set {
        from: Box::new(
            Query::select()
                .expr(Expr::cust("1"))
                .from(link.clone())
                .inner_join(
                    tag::Entity,
                    Expr::col((tag::Entity, tag::Column::Id)).equals((link.clone(), L::TAG)),
                )
                .and_where(Expr::col((link, L::RECORD)).equals(record))
                .to_owned(),
        ),
        value: Expr::col((tag::Entity, tag::Column::Name)),
    }
}
