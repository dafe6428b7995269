//! A case's comments: public ones the customer may read, internal ones for staff. The
//! first public comment by staff is the case's first response.

use super::history;
use crate::entities::{case, case_comment};
use crate::error::Result;
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::scoped;
use chrono::{DateTime, Utc};
use crm_core::ids::UserId;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, Principal};
use crm_interactions::case::{
    CaseId, CaseStatus, Change, Comment, CommentVisibility, HistoryKind, NewComment,
};
use crm_interactions::events;
use crm_interactions::sla::Target;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

impl Keyed for case_comment::Model {
    fn id_column() -> Expr {
        Expr::col((case_comment::Entity, case_comment::Column::Id))
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

fn comment(r: case_comment::Model) -> Result<Comment> {
    Ok(Comment {
        id: r.id,
        case_id: CaseId(r.case_id),
        visibility: CommentVisibility::parse(&r.visibility).ok_or_else(|| {
            DomainError::internal(format!("stored visibility '{}' is unknown", r.visibility))
        })?,
        body: r.body,
        author_id: r.author_id.map(UserId),
        created_at: r.created_at,
    })
}

/// Adds `n` to the case `row` (found live and locked by the caller) at `now`: the
/// comment, its history entry, the first response if it is one, and `case.commented`.
pub(super) async fn add<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    row: case::Model,
    n: NewComment,
    now: DateTime<Utc>,
) -> Result<(Comment, Option<case::Model>)> {
    let id = Uuid::now_v7();
    let stored = case_comment::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        case_id: Set(row.id),
        body: Set(n.body),
        visibility: Set(n.visibility.as_str().to_string()),
        author_id: Set(actor.principal.user().map(Into::into)),
        created_at: Set(now),
    }
    .insert(c)
    .await?;
    let change = Change {
        kind: HistoryKind::Comment,
        from: None,
        to: Some(n.visibility.as_str().to_string()),
    };
    history::note(c, actor, row.id, &[change], Some(id), now).await?;
    let responds = n.visibility == CommentVisibility::Public
        && actor.principal != Principal::System
        && row.first_response_at.is_none();
    let answered = if responds {
        let status = CaseStatus::parse(&row.status).ok_or_else(|| {
            DomainError::internal(format!("stored status '{}' is unknown", row.status))
        })?;
        let sla = super::clock::of(&row).answered(now, status);
        let breached =
            sla.first_response_breached_at.is_some() && row.first_response_breached_at.is_none();
        if breached {
            let change = Change {
                kind: HistoryKind::SlaBreached,
                from: None,
                to: Some(Target::FirstResponse.as_str().to_string()),
            };
            history::note(c, actor, row.id, &[change], None, now).await?;
        }
        let mut am: case::ActiveModel = row.clone().into();
        super::clock::set(&mut am, &sla, Some(now));
        am.first_response_at = Set(Some(now));
        am.updated_at = Set(now);
        am.version = Set(row.version + 1);
        Some(am.update(c).await?)
    } else {
        None
    };
    let added = comment(stored)?;
    journal::record_change(c, actor, events::CASE_COMMENTED, row.id, None, Some(&added)).await?;
    Ok((added, answered))
}

/// A page of the case's comments, oldest first.
pub(super) async fn page<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    case: Uuid,
    req: &PageRequest,
) -> Result<Page<Comment>> {
    let q = scoped::<case_comment::Entity>(actor).filter(case_comment::Column::CaseId.eq(case));
    let page = paging::fetch(c, q, req).await?;
    Ok(Page {
        items: page.items.into_iter().map(comment).collect::<Result<_>>()?,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
