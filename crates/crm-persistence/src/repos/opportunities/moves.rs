//! An opportunity's stage moves: one row per stage entered (its creation's first), with
//! who moved it and how long it had stayed in the stage it left.

use crate::entities::{opportunity_stage_move as moves, pipeline_stage};
use crate::error::Result;
use crate::paging::{self, Keyed};
use crate::record::{in_org, scoped};
use crate::repos::common::stored;
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_core::ids::UserId;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_opportunities::opportunity::StageMove;
use crm_opportunities::pipeline::StageKind;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// Records that opportunity `id` entered stage `to` at `at`, leaving `from` after the
/// seconds given.
pub(super) async fn record<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    from: Option<(Uuid, i64)>,
    to: Uuid,
    at: DateTime<Utc>,
) -> Result<()> {
    moves::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        opportunity_id: Set(id),
        from_stage_id: Set(from.map(|f| f.0)),
        to_stage_id: Set(to),
        moved_at: Set(at),
        moved_by: Set(actor.principal.user().map(Into::into)),
        seconds_in_stage: Set(from.map(|f| f.1)),
    }
    .insert(c)
    .await?;
    Ok(())
}

impl Keyed for moves::Model {
    fn id_column() -> Expr {
        Expr::col((moves::Entity, moves::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Self::id_column()
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Uuid(self.id)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

/// A page of opportunity `id`'s stage moves, oldest first (ids follow time).
pub(super) async fn page<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    req: &PageRequest,
) -> Result<Page<StageMove>> {
    let q = scoped::<moves::Entity>(actor).filter(moves::Column::OpportunityId.eq(id));
    let page = paging::fetch(c, q, req).await?;
    let stages: Vec<Uuid> = page.items.iter().map(|r| r.to_stage_id).collect();
    let kinds: HashMap<Uuid, String> = in_org::<pipeline_stage::Entity>(actor.org_id)
        .filter(pipeline_stage::Column::Id.is_in(stages))
        .all(c)
        .await?
        .into_iter()
        .map(|s| (s.id, s.kind))
        .collect();
    let items = page
        .items
        .into_iter()
        .map(|r| {
            let kind = kinds.get(&r.to_stage_id).map_or("", String::as_str);
            Ok(StageMove {
                id: r.id,
                from_stage_id: r.from_stage_id,
                to_stage_id: r.to_stage_id,
                to_status: stored("stage kind", kind, StageKind::parse)?,
                moved_at: r.moved_at,
                moved_by: r.moved_by.map(UserId),
                seconds_in_stage: r.seconds_in_stage,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
