//! A task's links (the shared [`crate::repos::links`] over `task_links`).

use crate::entities::task_link;
use crate::error::Result;
use crate::repos::links::{Kind, LinkTable, write};
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_core::ids::{CompanyId, OrgId, PersonId};
use crm_interactions::interaction::untyped;
use sea_orm::{ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

impl LinkTable for task_link::Entity {
    const HOLDER: task_link::Column = task_link::Column::TaskId;
    const KIND: task_link::Column = task_link::Column::Kind;
    const TARGET: task_link::Column = task_link::Column::TargetId;
    const POSITION: task_link::Column = task_link::Column::Position;

    fn row(
        org: OrgId,
        holder: Uuid,
        kind: Kind,
        target: Uuid,
        position: i32,
        _at: Option<DateTime<Utc>>,
    ) -> task_link::ActiveModel {
        task_link::ActiveModel {
            task_id: Set(holder),
            kind: Set(kind.as_str().to_string()),
            target_id: Set(target),
            org_id: Set(org.0),
            position: Set(position),
        }
    }

    fn ends(row: &task_link::Model) -> (Uuid, &str, Uuid) {
        (row.task_id, &row.kind, row.target_id)
    }
}

/// Writes the people and companies of a new task.
pub(super) async fn write_all<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    people: &[PersonId],
    companies: &[CompanyId],
) -> Result<()> {
    for (kind, ids) in [
        (Kind::Person, untyped(people)),
        (Kind::Company, untyped(companies)),
    ] {
        write::<task_link::Entity, _>(c, actor, (id, None), kind, &ids, false).await?;
    }
    Ok(())
}
