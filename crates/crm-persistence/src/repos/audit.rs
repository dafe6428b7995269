//! The audit-log reader.

use crate::db::Db;
use crate::entities::audit_event;
use crate::error::port;
use crate::paging::{self, Keyed};
use crate::record::scoped;
use async_trait::async_trait;
use crm_accounts::audit::{AuditEvent, AuditQuery};
use crm_accounts::ports::AuditRepository;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

pub(crate) struct Audit(pub Db);

impl Keyed for audit_event::Model {
    fn id_column() -> Expr {
        Expr::col((audit_event::Entity, audit_event::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((audit_event::Entity, audit_event::Column::OccurredAt))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Timestamp(self.occurred_at)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn to_domain(m: audit_event::Model) -> AuditEvent {
    AuditEvent {
        id: m.id,
        occurred_at: m.occurred_at,
        actor_kind: m.actor_kind,
        actor_id: m.actor_id,
        request_id: m.request_id,
        action: m.action,
        resource_type: m.resource_type,
        resource_id: m.resource_id,
        changes: crate::journal::expand(
            serde_json::from_str(&m.changes).unwrap_or(serde_json::Value::Null),
        ),
    }
}

#[async_trait]
impl AuditRepository for Audit {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        page: &PageRequest,
    ) -> DomainResult<Page<AuditEvent>> {
        port(async {
            use audit_event::Column as C;
            let mut q = scoped::<audit_event::Entity>(actor);
            if let Some(v) = &query.resource_type {
                q = q.filter(C::ResourceType.eq(v.as_str()));
            }
            if let Some(v) = query.resource_id {
                q = q.filter(C::ResourceId.eq(v));
            }
            if let Some(v) = query.actor_id {
                q = q.filter(C::ActorId.eq(v));
            }
            if let Some(v) = &query.action {
                q = q.filter(C::Action.eq(v.as_str()));
            }
            if let Some(v) = query.occurred_after {
                q = q.filter(C::OccurredAt.gte(v));
            }
            if let Some(v) = query.occurred_before {
                q = q.filter(C::OccurredAt.lt(v));
            }
            let page = paging::fetch(&self.0.conn, q, page).await?;
            Ok(page.map(to_domain))
        })
        .await
    }
}
