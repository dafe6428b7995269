//! The audit log as read back through the API.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// One recorded change: who did what to which record, and the fields before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub request_id: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Uuid,
    pub changes: Value,
}

/// Typed filters of the audit list.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub resource_type: Option<String>,
    pub resource_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
    pub occurred_after: Option<DateTime<Utc>>,
    pub occurred_before: Option<DateTime<Utc>>,
}
