//! An interaction's links (the shared [`crate::repos::links`] over `interaction_links`),
//! which also carry the interaction's `occurred_at` for timelines.

use crate::entities::interaction_link;
use crate::error::Result;
use crate::record::update_in;
use crate::repos::links::{Kind, LinkTable};
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_core::ids::OrgId;
use crm_interactions::interaction::{Links, untyped};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryTrait, Statement,
};
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

/// The one multi-row INSERT of every link of a new interaction, each kind in the order
/// given; `None` when it has none.
pub(crate) fn insert_all(
    backend: DbBackend,
    actor: &Actor,
    (id, at): (Uuid, DateTime<Utc>),
    links: &Links,
) -> Option<Statement> {
    let mut rows = Vec::new();
    for (kind, ids) in [
        (Kind::Person, untyped(&links.people)),
        (Kind::Company, untyped(&links.companies)),
        (Kind::User, untyped(&links.users)),
    ] {
        for (i, target) in ids.into_iter().enumerate() {
            let position = i32::try_from(i).unwrap_or(i32::MAX);
            rows.push(<interaction_link::Entity as LinkTable>::row(
                actor.org_id,
                id,
                kind,
                target,
                position,
                Some(at),
            ));
        }
    }
    (!rows.is_empty()).then(|| interaction_link::Entity::insert_many(rows).build(backend))
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
