//! Checks shared by the repositories: the staff user a record names (its owner, its
//! assignee).

use crate::entities::user;
use crate::error::Result;
use crate::record::scoped;
use crm_core::ids::UserId;
use crm_core::{Actor, DomainError};
use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter};

/// Refuses an owner who is not a live user of the actor's organisation.
pub(crate) async fn check_owner<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    owner: Option<UserId>,
) -> Result<()> {
    check_user(c, actor, owner, "owner_id").await
}

/// Refuses a staff user (an owner, an assignee) who is not a live user of the actor's
/// organisation, naming `field`.
pub(crate) async fn check_user<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    owner: Option<UserId>,
    field: &str,
) -> Result<()> {
    let Some(owner) = owner else { return Ok(()) };
    let found = scoped::<user::Entity>(actor)
        .filter(user::Column::Id.eq(owner.0))
        .filter(user::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if found == 0 {
        return Err(DomainError::field(
            field,
            "unknown",
            "no staff user of this organisation has this id",
        )
        .into());
    }
    Ok(())
}
