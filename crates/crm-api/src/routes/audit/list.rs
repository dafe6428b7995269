//! `GET /v1/audit-events`: who changed what, newest first.

use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::http::moment::Moment;
use crate::http::text::Bounded;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use crm_accounts::audit::{AuditEvent, AuditQuery};
use crm_accounts::catalogue::AUDIT_SORT;
use crm_accounts::{Action, Area};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One recorded change.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventDto {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// `user`, `api_key` or `system`.
    #[schema(example = "user")]
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// The id of the request that made the change (its `X-Request-Id`).
    pub request_id: Option<String>,
    /// `<resource_type>.<verb>`, e.g. `user.updated`.
    #[schema(example = "user.updated")]
    pub action: String,
    /// The kind of record changed: `person`, `company`, `user`….
    #[schema(example = "user")]
    pub resource_type: String,
    /// The changed record's id.
    pub resource_id: Uuid,
    /// The changed fields: `{"field": {"before": …, "after": …}}`.
    #[schema(value_type = std::collections::HashMap<String, AuditChange>, example = json!({"role": {"before": "sales", "after": "manager"}}))]
    pub changes: serde_json::Value,
}

impl From<AuditEvent> for AuditEventDto {
    fn from(e: AuditEvent) -> Self {
        Self {
            id: e.id,
            occurred_at: e.occurred_at,
            actor_kind: e.actor_kind,
            actor_id: e.actor_id,
            request_id: e.request_id,
            action: e.action,
            resource_type: e.resource_type,
            resource_id: e.resource_id,
            changes: e.changes,
        }
    }
}

crate::page_of!(AuditEventPage, AuditEventDto);

crate::list_params!(
    /// Filters of the audit log.
    AuditListParams, sort = "^-?(occurred_at|id)$" {
        /// Only changes to this kind of resource (`user`, `api_key`, `organisation`…).
        #[param(value_type = Option<String>, max_length = 100)]
        resource_type: Option<Bounded<100>>,
        /// Only changes to this record.
        resource_id: Option<Uuid>,
        /// Only changes made by this user or key.
        actor_id: Option<Uuid>,
        /// Only this action, e.g. `user.updated`.
        #[param(value_type = Option<String>, max_length = 100)]
        action: Option<Bounded<100>>,
        /// Only changes at or after this time.
        #[param(value_type = Option<String>)]
        occurred_after: Option<Moment>,
        /// Only changes before this time.
        #[param(value_type = Option<String>)]
        occurred_before: Option<Moment>,
    }
);

/// List audit events
///
/// Every change in the organisation with who made it, when, from which request, and
/// the fields before and after; newest first unless `sort` says otherwise.
#[utoipa::path(
    operation_id = "audit_events_list",
    tag = "audit",
    params(AuditListParams),
    responses((status = 200, description = "A page of audit events", body = AuditEventPage)),
    security(("bearer" = []))
)]
#[get("/audit-events")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<AuditListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Audit, Action::Read)?;
    let p = params.0;
    let page = p
        .page()
        .to_request(AUDIT_SORT, Some("-id"), &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let query = AuditQuery {
        resource_type: p.resource_type.map(Bounded::into_inner),
        resource_id: p.resource_id,
        actor_id: p.actor_id,
        action: p.action.map(Bounded::into_inner),
        occurred_after: p.occurred_after.map(|m| m.0),
        occurred_before: p.occurred_before.map(|m| m.0),
    };
    let events = state.accounts.audit_log(&auth.actor, &query, &page).await?;
    Ok(HttpResponse::Ok().json(AuditEventPage::from_page(
        events,
        &auth.cursors,
        AuditEventDto::from,
    )))
}

/// One field's change: its value before and after (absent or null when it had none).
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditChange {
    /// The value before, as the resource's answers show it.
    #[schema(value_type = Option<serde_json::Value>)]
    pub before: Option<serde_json::Value>,
    /// The value after.
    #[schema(value_type = Option<serde_json::Value>)]
    pub after: Option<serde_json::Value>,
}
