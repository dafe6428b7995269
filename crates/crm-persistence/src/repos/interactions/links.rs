//! The people, companies and staff users an interaction is with: checked live in the
//! actor's organisation before they are written, read back in the order given.

use crate::entities::{company, interaction_link, person, user};
use crate::error::Result;
use crate::record::{Tenanted, delete_in, in_org, scoped, update_in};
use chrono::{DateTime, Utc};
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::{Actor, DomainError};
use crm_interactions::interaction::Links;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
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

/// The ids among `ids` that are live records of `E` in the organisation (`live` adds
/// the entity's own "not deleted, not merged" conditions).
async fn live<E, C>(
    c: &C,
    actor: &Actor,
    id: E::Column,
    live: impl FnOnce(sea_orm::Select<E>) -> sea_orm::Select<E>,
    ids: &[Uuid],
) -> Result<HashSet<Uuid>>
where
    E: Tenanted,
    C: ConnectionTrait,
{
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<Uuid> = live(scoped::<E>(actor))
        .filter(id.is_in(ids.to_vec()))
        .select_only()
        .column(id)
        .into_tuple()
        .all(c)
        .await?;
    Ok(found.into_iter().collect())
}

fn unknown(e: &mut Errors, kind: Kind, ids: &[Uuid], found: &HashSet<Uuid>) {
    let what = match kind {
        Kind::Person => "no live person of this organisation has this id",
        Kind::Company => "no live company of this organisation has this id",
        Kind::User => "no staff user of this organisation has this id",
    };
    for (i, id) in ids.iter().enumerate() {
        if !found.contains(id) {
            e.push(format!("{}[{i}]", kind.field()), "unknown", what);
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
    if let Some(ids) = people {
        let ids = crm_interactions::interaction::untyped(ids);
        let found = live::<person::Entity, _>(
            c,
            actor,
            person::Column::Id,
            |q| {
                q.filter(person::Column::DeletedAt.is_null())
                    .filter(person::Column::MergedInto.is_null())
            },
            &ids,
        )
        .await?;
        unknown(&mut e, Kind::Person, &ids, &found);
    }
    if let Some(ids) = companies {
        let ids = crm_interactions::interaction::untyped(ids);
        let found = live::<company::Entity, _>(
            c,
            actor,
            company::Column::Id,
            |q| {
                q.filter(company::Column::DeletedAt.is_null())
                    .filter(company::Column::MergedInto.is_null())
            },
            &ids,
        )
        .await?;
        unknown(&mut e, Kind::Company, &ids, &found);
    }
    if let Some(ids) = users {
        let ids = crm_interactions::interaction::untyped(ids);
        let found = live::<user::Entity, _>(
            c,
            actor,
            user::Column::Id,
            |q| q.filter(user::Column::DeletedAt.is_null()),
            &ids,
        )
        .await?;
        unknown(&mut e, Kind::User, &ids, &found);
    }
    e.finish(()).map_err(Into::into)
}

/// Replaces the interaction's links of `kind` with `ids`, in that order; `at` is the
/// interaction's `occurred_at`, which each link carries for timelines.
pub(crate) async fn write<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    (interaction, at): (Uuid, DateTime<Utc>),
    kind: Kind,
    ids: &[Uuid],
    replacing: bool,
) -> Result<()> {
    if replacing {
        delete_in::<interaction_link::Entity>(actor.org_id)
            .filter(interaction_link::Column::InteractionId.eq(interaction))
            .filter(interaction_link::Column::Kind.eq(kind.as_str()))
            .exec(c)
            .await?;
    }
    if ids.is_empty() {
        return Ok(());
    }
    let rows = ids
        .iter()
        .enumerate()
        .map(|(i, id)| interaction_link::ActiveModel {
            interaction_id: Set(interaction),
            kind: Set(kind.as_str().to_string()),
            target_id: Set(*id),
            org_id: Set(actor.org_id.0),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            occurred_at: Set(Some(at)),
        });
    interaction_link::Entity::insert_many(rows)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// Writes every kind of link of a new interaction.
pub(crate) async fn write_all<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    interaction: (Uuid, DateTime<Utc>),
    links: &Links,
) -> Result<()> {
    use crm_interactions::interaction::untyped;
    write(
        c,
        actor,
        interaction,
        Kind::Person,
        &untyped(&links.people),
        false,
    )
    .await?;
    write(
        c,
        actor,
        interaction,
        Kind::Company,
        &untyped(&links.companies),
        false,
    )
    .await?;
    write(
        c,
        actor,
        interaction,
        Kind::User,
        &untyped(&links.users),
        false,
    )
    .await
}

/// Moves the interaction's links to its new `occurred_at`.
pub(crate) async fn move_to<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    interaction: Uuid,
    at: DateTime<Utc>,
) -> Result<()> {
    update_in::<interaction_link::Entity>(actor.org_id)
        .col_expr(interaction_link::Column::OccurredAt, Expr::val(Some(at)))
        .filter(interaction_link::Column::InteractionId.eq(interaction))
        .exec(c)
        .await?;
    Ok(())
}

/// The links of each of `records`, each kind in the order it was given.
pub(crate) async fn of<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    records: &[Uuid],
) -> Result<HashMap<Uuid, Links>> {
    let mut out: HashMap<Uuid, Links> = HashMap::new();
    if records.is_empty() {
        return Ok(out);
    }
    let rows = in_org::<interaction_link::Entity>(org)
        .filter(interaction_link::Column::InteractionId.is_in(records.to_vec()))
        .order_by_asc(interaction_link::Column::Position)
        .all(c)
        .await?;
    for r in rows {
        let links = out.entry(r.interaction_id).or_default();
        match r.kind.as_str() {
            "person" => links.people.push(PersonId(r.target_id)),
            "company" => links.companies.push(CompanyId(r.target_id)),
            "user" => links.users.push(UserId(r.target_id)),
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

/// The interaction's links of `kind`, correlated with the filtered interaction row, for
/// the `person_id`, `company_id` and `user_id` filters.
pub(crate) fn of_kind(kind: Kind) -> SelectStatement {
    use crate::entities::interaction;
    Query::select()
        .expr(Expr::cust("1"))
        .from(interaction_link::Entity)
        .and_where(
            Expr::col((
                interaction_link::Entity,
                interaction_link::Column::InteractionId,
            ))
            .equals((interaction::Entity, interaction::Column::Id)),
        )
        .and_where(
            Expr::col((interaction_link::Entity, interaction_link::Column::Kind)).eq(kind.as_str()),
        )
        .to_owned()
}
