//! An interaction's links (the shared [`crate::repos::links`] over `interaction_links`),
//! which also carry the interaction's `occurred_at` for timelines.

use crate::entities::interaction_link;
use crate::error::Result;
use crate::record::update_in;
use crate::repos::links::{Kind, LinkTable, write};
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_core::ids::OrgId;
use crm_interactions::interaction::{Links, untyped};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

impl LinkTable for interaction_link::Entity {
    const HOLDER: interaction_link::Column = interaction_link::Column::InteractionId;
    const KIND: interaction_link::Column = interaction_link::Column::Kind;
    const TARGET: interaction_link::Column = interaction_link::Column::TargetId;
    const POSITION: interaction_link::Column = interaction_link::Column::Position;

    fn row(
        org: OrgId,
        holder: Uuid,
        kind: Kind,
        target: Uuid,
        position: i32,
        at: Option<DateTime<Utc>>,
    ) -> interaction_link::ActiveModel {
        interaction_link::ActiveModel {
            interaction_id: Set(holder),
            kind: Set(kind.as_str().to_string()),
            target_id: Set(target),
            org_id: Set(org.0),
            position: Set(position),
            occurred_at: Set(at),
        }
    }

    fn ends(row: &interaction_link::Model) -> (Uuid, &str, Uuid) {
        (row.interaction_id, &row.kind, row.target_id)
    }
}

/// Writes every kind of link of a new interaction.
pub(crate) async fn write_all<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    (id, at): (Uuid, DateTime<Utc>),
    links: &Links,
) -> Result<()> {
    let holder = (id, Some(at));
    for (kind, ids) in [
        (Kind::Person, untyped(&links.people)),
        (Kind::Company, untyped(&links.companies)),
        (Kind::User, untyped(&links.users)),
    ] {
        write::<interaction_link::Entity, _>(c, actor, holder, kind, &ids, false).await?;
    }
    Ok(())
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
