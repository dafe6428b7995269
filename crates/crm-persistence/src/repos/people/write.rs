//! Writing a person's parts inside the caller's transaction: contact points, tags,
//! lifecycle history, and the owner check.

use crate::entities::{lifecycle_change, person_email, person_phone};
use crate::error::Result;
use crate::record::delete_in;
use crate::time;
use crm_core::Actor;
use crm_customers::LifecycleStage;
use crm_customers::contact::{EmailPoint, PhonePoint};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Replaces the person's emails with `emails`, in order.
pub(crate) async fn set_emails<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person: Uuid,
    emails: &[EmailPoint],
) -> Result<()> {
    delete_in::<person_email::Entity>(actor.org_id)
        .filter(person_email::Column::PersonId.eq(person))
        .exec(c)
        .await?;
    if emails.is_empty() {
        return Ok(());
    }
    let rows = emails
        .iter()
        .enumerate()
        .map(|(i, e)| person_email::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            person_id: Set(person),
            address: Set(e.address.clone()),
            label: Set(e.label.as_str().to_string()),
            is_primary: Set(e.primary),
            position: Set(i as i32),
        });
    person_email::Entity::insert_many(rows)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// Replaces the person's phones with `phones`, in order.
pub(crate) async fn set_phones<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person: Uuid,
    phones: &[PhonePoint],
) -> Result<()> {
    delete_in::<person_phone::Entity>(actor.org_id)
        .filter(person_phone::Column::PersonId.eq(person))
        .exec(c)
        .await?;
    if phones.is_empty() {
        return Ok(());
    }
    let rows = phones
        .iter()
        .enumerate()
        .map(|(i, p)| person_phone::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            person_id: Set(person),
            number: Set(p.number.clone()),
            label: Set(p.label.as_str().to_string()),
            is_primary: Set(p.primary),
            position: Set(i as i32),
        });
    person_phone::Entity::insert_many(rows)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// Appends a lifecycle change to the person's history.
pub(crate) async fn record_stage<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person: Uuid,
    from: Option<LifecycleStage>,
    to: LifecycleStage,
) -> Result<()> {
    lifecycle_change::Entity::insert(stage_row(actor, person, from, to))
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// The history entry of a move from `from` to `to`, made now by the actor.
pub(crate) fn stage_row(
    actor: &Actor,
    person: Uuid,
    from: Option<LifecycleStage>,
    to: LifecycleStage,
) -> lifecycle_change::ActiveModel {
    lifecycle_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        person_id: Set(person),
        from_stage: Set(from.map(|s| s.as_str().to_string())),
        to_stage: Set(to.as_str().to_string()),
        actor_kind: Set(actor.principal.kind().to_string()),
        actor_id: Set(actor.principal.id()),
        changed_at: Set(time::now()),
    }
}
