//! A case's history: one row per status move, assignment, team, priority or category
//! change and comment, written in the transaction of the change, read oldest first.

use crate::entities::case_history;
use crate::error::Result;
use crate::paging::{self, Keyed};
use crate::record::scoped;
use chrono::{DateTime, Utc};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, Principal};
use crm_interactions::case::{By, Change, HistoryEntry, HistoryKind};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

impl Keyed for case_history::Model {
    fn id_column() -> Expr {
        Expr::col((case_history::Entity, case_history::Column::Id))
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

/// Writes `changes` (and the comment `comment`, if any) on the case's history at `at`.
pub(super) async fn note<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    case: Uuid,
    changes: &[Change],
    comment: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<()> {
    let (actor_type, actor_id) = match actor.principal {
        Principal::User(u) => ("user", Some(u.0)),
        Principal::ApiKey(k) => ("api_key", Some(k)),
        Principal::System => ("system", None),
    };
    let rows: Vec<_> = changes
        .iter()
        .map(|ch| case_history::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            case_id: Set(case),
            kind: Set(ch.kind.as_str().to_string()),
            from_value: Set(ch.from.clone()),
            to_value: Set(ch.to.clone()),
            comment_id: Set(comment),
            actor_type: Set(actor_type.to_string()),
            actor_id: Set(actor_id),
            at: Set(at),
        })
        .collect();
    if !rows.is_empty() {
        case_history::Entity::insert_many(rows).exec(c).await?;
    }
    Ok(())
}

fn entry(r: case_history::Model) -> Result<HistoryEntry> {
    let bad =
        |what: &str, v: &str| DomainError::internal(format!("stored {what} '{v}' is unknown"));
    let kind = HistoryKind::parse(&r.kind).ok_or_else(|| bad("history kind", &r.kind))?;
    let by = match (r.actor_type.as_str(), r.actor_id) {
        ("user", Some(u)) => By::User(crm_core::ids::UserId(u)),
        ("api_key", Some(k)) => By::ApiKey(k),
        ("system", _) => By::System,
        (t, _) => return Err(bad("actor type", t).into()),
    };
    Ok(HistoryEntry {
        id: r.id,
        kind,
        from: r.from_value,
        to: r.to_value,
        comment_id: r.comment_id,
        by,
        at: r.at,
    })
}

/// A page of the case's history, oldest first.
pub(super) async fn page<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    case: Uuid,
    req: &PageRequest,
) -> Result<Page<HistoryEntry>> {
    let q = scoped::<case_history::Entity>(actor).filter(case_history::Column::CaseId.eq(case));
    let page = paging::fetch(c, q, req).await?;
    Ok(Page {
        items: page.items.into_iter().map(entry).collect::<Result<_>>()?,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
