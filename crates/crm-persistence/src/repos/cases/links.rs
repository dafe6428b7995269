//! A case's links (the shared [`crate::repos::links`] over `case_links`).

use crate::entities::case_link;
use crate::error::Result;
use crate::repos::links::{Kind, LinkTable, write};
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_core::ids::{CompanyId, OrgId, PersonId};
use crm_interactions::interaction::untyped;
use sea_orm::{ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

impl LinkTable for case_link::Entity {
    const HOLDER: case_link::Column = case_link::Column::CaseId;
    const KIND: case_link::Column = case_link::Column::Kind;
    const TARGET: case_link::Column = case_link::Column::TargetId;
    const POSITION: case_link::Column = case_link::Column::Position;

    fn row(
        org: OrgId,
        holder: Uuid,
        kind: Kind,
        target: Uuid,
        position: i32,
        _at: Option<DateTime<Utc>>,
    ) -> case_link::ActiveModel {
        case_link::ActiveModel {
            case_id: Set(holder),
            kind: Set(kind.as_str().to_string()),
            target_id: Set(target),
            org_id: Set(org.0),
            position: Set(position),
        }
    }

    fn ends(row: &case_link::Model) -> (Uuid, &str, Uuid) {
        (row.case_id, &row.kind, row.target_id)
    }
}

/// Writes the people and companies of a new case.
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
        write::<case_link::Entity, _>(c, actor, (id, None), kind, &ids, false).await?;
    }
    Ok(())
}
