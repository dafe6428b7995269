//! Webhook endpoints as stored: a row each (the event type patterns as JSON text), the
//! current secret and the one a rotation replaced; every write journaled.

use crate::entities::webhook_endpoint;
use crate::error::Result;
use crate::journal;
use crate::record::{self, Record, State, find, scoped};
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::{Actor, DomainError, EventType};
use crm_delivery::endpoint::{Endpoint, MAX_ENDPOINTS, NewEndpoint, Secrets};
use crm_delivery::events;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

/// The domain value of a stored endpoint.
pub(super) fn endpoint(r: webhook_endpoint::Model) -> Result<Endpoint> {
    let event_types = serde_json::from_str(&r.event_types).map_err(|_| {
        DomainError::internal(format!(
            "stored webhook endpoint {}: unreadable event types",
            r.id
        ))
    })?;
    let condition = match &r.condition {
        Some(c) => Some(serde_json::from_str(c).map_err(|_| {
            DomainError::internal(format!(
                "stored webhook endpoint {}: unreadable condition",
                r.id
            ))
        })?),
        None => None,
    };
    Ok(Endpoint {
        id: r.id,
        url: r.url,
        description: r.description,
        event_types,
        condition,
        enabled: r.enabled,
        disabled_reason: r.disabled_reason,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

/// The secrets of a stored endpoint.
pub(super) fn secrets(r: &webhook_endpoint::Model) -> Secrets {
    Secrets {
        current: r.secret.clone(),
        previous: r.previous_secret.clone(),
        previous_until: r.previous_secret_until,
    }
}

impl Record for webhook_endpoint::Entity {
    const RESOURCE: &'static str = "webhook_endpoint";
    const COLLECTION: &'static str = "webhook-endpoints";
    const ID: webhook_endpoint::Column = webhook_endpoint::Column::Id;
    const VERSION: webhook_endpoint::Column = webhook_endpoint::Column::Version;
    const UPDATED_AT: webhook_endpoint::Column = webhook_endpoint::Column::UpdatedAt;
    const DELETED_AT: webhook_endpoint::Column = webhook_endpoint::Column::DeletedAt;
    const DELETED: EventType = events::WEBHOOK_ENDPOINT_DELETED;
    const RESTORED: EventType = events::WEBHOOK_ENDPOINT_RESTORED;
    type View = Endpoint;

    fn version_of(row: &webhook_endpoint::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        _c: &C,
        row: webhook_endpoint::Model,
    ) -> impl std::future::Future<Output = Result<Endpoint>> + Send {
        std::future::ready(endpoint(row))
    }
}

/// Sets the columns of `e` on a row; enabling clears why it was disabled.
fn set(am: &mut webhook_endpoint::ActiveModel, e: NewEndpoint) {
    am.url = Set(e.url);
    am.description = Set(e.description);
    am.event_types = Set(serde_json::to_string(&e.event_types).unwrap_or_else(|_| "[]".into()));
    am.condition = Set(e.condition.map(|c| c.to_string()));
    if e.enabled {
        am.disabled_reason = Set(None);
    }
    am.enabled = Set(e.enabled);
}

/// Stores a new endpoint with its first secret, journaled.
pub(super) async fn create<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    e: NewEndpoint,
    secret: String,
) -> Result<Endpoint> {
    let live = scoped::<webhook_endpoint::Entity>(actor)
        .filter(webhook_endpoint::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if live >= MAX_ENDPOINTS {
        return Err(DomainError::conflict(format!(
            "an organisation has at most {MAX_ENDPOINTS} webhook endpoints"
        ))
        .into());
    }
    let now = time::now();
    let mut am = webhook_endpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        secret: Set(secret),
        previous_secret: Set(None),
        previous_secret_until: Set(None),
        disabled_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        ..Default::default()
    };
    set(&mut am, e);
    let created = endpoint(am.insert(c).await?)?;
    journal::record_change(
        c,
        actor,
        events::WEBHOOK_ENDPOINT_CREATED,
        created.id,
        None,
        Some(&created),
    )
    .await?;
    Ok(created)
}

/// Stores `e` over endpoint `id` if it is still at `if_version`, journaled.
pub(super) async fn update<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    e: NewEndpoint,
    if_version: i64,
) -> Result<Endpoint> {
    let row = find::<webhook_endpoint::Entity, _>(c, actor, id, State::Live, true).await?;
    record::check_version(row.version, Some(if_version))?;
    let before = endpoint(row.clone())?;
    let mut am: webhook_endpoint::ActiveModel = row.into();
    set(&mut am, e);
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let after = endpoint(am.update(c).await?)?;
    journal::record_change(
        c,
        actor,
        events::WEBHOOK_ENDPOINT_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Makes `secret` the current one, the replaced one signing until `keep_until`.
pub(super) async fn rotate<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    secret: String,
    keep_until: DateTime<Utc>,
) -> Result<Secrets> {
    let row = find::<webhook_endpoint::Entity, _>(c, actor, id, State::Live, true).await?;
    let before = endpoint(row.clone())?;
    let mut am: webhook_endpoint::ActiveModel = row.clone().into();
    am.previous_secret = Set(Some(row.secret));
    am.previous_secret_until = Set(Some(keep_until));
    am.secret = Set(secret);
    am.updated_at = Set(time::now());
    am.version = Set(row.version + 1);
    let stored = am.update(c).await?;
    let after = endpoint(stored.clone())?;
    journal::record_change(
        c,
        actor,
        events::WEBHOOK_ENDPOINT_SECRET_ROTATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(secrets(&stored))
}
