//! Checks shared by the repositories: the staff user a record names (its owner, its
//! assignee), the interaction a task or case comes from, a stored name read back.

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

/// A stored name (a status, a channel) read back as its enum; an unknown one means the
/// row was written by something other than this code: a 500 naming `what`.
pub(crate) fn stored<T>(what: &str, v: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(v).ok_or_else(|| DomainError::internal(format!("stored {what} '{v}' is unknown")).into())
}

/// Money as its column holds it (whole ten-thousandths); the checks keep amounts small
/// enough, so failing means a broken invariant: a 500.
pub(crate) fn units(m: crm_records::money::Money) -> Result<i64> {
    m.units()
        .ok_or_else(|| DomainError::internal("an amount does not fit its column").into())
}

/// Refuses an `interaction_id` (a task's follow-up, a case's origin) that is not a
/// live interaction of the organisation.
pub(crate) async fn check_interaction<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Option<uuid::Uuid>,
) -> Result<()> {
    use crate::entities::interaction;
    use crate::record::{State, find};
    let Some(id) = id else { return Ok(()) };
    find::<interaction::Entity, _>(c, actor, id, State::Live, false)
        .await
        .map(|_| ())
        .map_err(|_| {
            DomainError::field(
                "interaction_id",
                "unknown",
                "no live interaction of this organisation has this id",
            )
            .into()
        })
}
