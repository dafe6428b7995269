//! Writes shared by the customer repositories: the tag catalogue and the owner check.

use crate::entities::{tag, user};
use crate::error::Result;
use crate::record::scoped;
use crate::time;
use crm_core::{Actor, DomainError};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The ids of the organisation's tags named `names`, adding missing ones to the catalogue.
pub(crate) async fn ensure_tags<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    names: &[String],
) -> Result<Vec<Uuid>> {
    Ok(ensure_tag_ids(c, actor, names)
        .await?
        .into_values()
        .collect())
}

/// [`ensure_tags`], by name.
pub(crate) async fn ensure_tag_ids<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    names: &[String],
) -> Result<HashMap<String, Uuid>> {
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    let now = time::now();
    let rows = names.iter().map(|n| tag::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        name: Set(n.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    });
    tag::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([tag::Column::OrgId, tag::Column::Name])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    Ok(scoped::<tag::Entity>(actor)
        .filter(tag::Column::Name.is_in(names.to_vec()))
        .all(c)
        .await?
        .into_iter()
        .map(|t| (t.name, t.id))
        .collect())
}

/// Refuses an owner who is not a live user of the actor's organisation.
pub(crate) async fn check_owner<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    owner: Option<Uuid>,
) -> Result<()> {
    let Some(owner) = owner else { return Ok(()) };
    let found = scoped::<user::Entity>(actor)
        .filter(user::Column::Id.eq(owner))
        .filter(user::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if found == 0 {
        return Err(DomainError::field(
            "owner_id",
            "unknown",
            "no staff user of this organisation has this id",
        )
        .into());
    }
    Ok(())
}
