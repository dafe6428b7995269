//! An endpoint's delivery log, newest first, and the deliveries its owner asks for: a
//! replay of one, of a time range, and a ping (an event for this endpoint alone).

use crate::entities::{outbox_event, webhook_delivery, webhook_endpoint};
use crate::error::Result;
use crate::paging::Keyed;
use crate::record::{State, find, scoped};
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::page::CursorValue;
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError};
use crm_delivery::delivery::{Delivery, Status};
use crm_delivery::events;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

impl Keyed for webhook_delivery::Model {
    fn id_column() -> Expr {
        Expr::col((webhook_delivery::Entity, webhook_delivery::Column::Id))
    }
    fn sort_column(_f: &SortField) -> Expr {
        Expr::col((
            webhook_delivery::Entity,
            webhook_delivery::Column::CreatedAt,
        ))
    }
    fn sort_value(&self, _f: &SortField) -> CursorValue {
        CursorValue::Timestamp(self.created_at)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

/// The domain value of a stored delivery.
pub(super) fn delivery(d: webhook_delivery::Model) -> Result<Delivery> {
    Ok(Delivery {
        status: Status::parse(&d.status).ok_or_else(|| {
            DomainError::internal(format!("stored delivery status '{}'", d.status))
        })?,
        id: d.id,
        endpoint_id: d.endpoint_id,
        event_id: d.event_id,
        event_type: d.event_type,
        attempts: u32::try_from(d.attempts).unwrap_or(0),
        next_attempt_at: d.next_attempt_at,
        last_attempt_at: d.last_attempt_at,
        response_status: d.response_status.and_then(|s| u16::try_from(s).ok()),
        response_ms: d.response_ms.and_then(|s| u32::try_from(s).ok()),
        last_error: d.last_error,
        created_at: d.created_at,
    })
}

/// A delivery of event `event_id` to endpoint `endpoint`, due at `now`.
pub(super) fn pending(
    org: Uuid,
    endpoint: Uuid,
    event_id: Uuid,
    event_type: String,
    now: DateTime<Utc>,
) -> webhook_delivery::ActiveModel {
    webhook_delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org),
        endpoint_id: Set(endpoint),
        event_id: Set(event_id),
        event_type: Set(event_type),
        status: Set(Status::Pending.as_str().into()),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        last_attempt_at: Set(None),
        response_status: Set(None),
        response_ms: Set(None),
        last_error: Set(None),
        lease_by: Set(None),
        lease_until: Set(None),
        created_at: Set(now),
    }
}

/// The live endpoint `id` of the actor's organisation.
pub(super) async fn live_endpoint<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<webhook_endpoint::Model> {
    find::<webhook_endpoint::Entity, _>(c, actor, id, State::Live, false).await
}

/// Delivery `id` of the endpoint, in the actor's organisation.
pub(super) async fn one<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    endpoint: Uuid,
    id: Uuid,
) -> Result<webhook_delivery::Model> {
    Ok(scoped::<webhook_delivery::Entity>(actor)
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint))
        .filter(webhook_delivery::Column::Id.eq(id))
        .one(c)
        .await?
        .ok_or(DomainError::not_found("webhook_delivery"))?)
}

/// A new delivery of delivery `id`'s event, due now.
pub(super) async fn replay<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    endpoint: Uuid,
    id: Uuid,
) -> Result<Delivery> {
    live_endpoint(c, actor, endpoint).await?;
    let old = one(c, actor, endpoint, id).await?;
    let d = pending(
        actor.org_id.0,
        endpoint,
        old.event_id,
        old.event_type,
        time::now(),
    );
    delivery(d.insert(c).await?)
}

/// New deliveries, due now, of each event the endpoint had a delivery of that happened
/// in `[since, until)`; answers how many.
pub(super) async fn replay_range<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    endpoint: Uuid,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<u64> {
    live_endpoint(c, actor, endpoint).await?;
    let events: Vec<(Uuid, String)> = scoped::<webhook_delivery::Entity>(actor)
        .select_only()
        .column(webhook_delivery::Column::EventId)
        .column(webhook_delivery::Column::EventType)
        .distinct()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint))
        .filter(
            webhook_delivery::Column::EventId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(outbox_event::Column::Id)
                    .from(outbox_event::Entity)
                    .and_where(outbox_event::Column::OccurredAt.gte(since))
                    .and_where(outbox_event::Column::OccurredAt.lt(until))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(c)
        .await?;
    let now = time::now();
    let n = events.len() as u64;
    let rows: Vec<_> = events
        .into_iter()
        .map(|(event, kind)| pending(actor.org_id.0, endpoint, event, kind, now))
        .collect();
    for chunk in rows.chunks(500) {
        webhook_delivery::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    Ok(n)
}

/// Writes a published `webhook_endpoint.ping` event about the endpoint (no other
/// endpoint gets it) and its delivery, due now.
pub(super) async fn ping<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    endpoint: Uuid,
) -> Result<Delivery> {
    let row = live_endpoint(c, actor, endpoint).await?;
    let view = super::endpoints::endpoint(row)?;
    let now = time::now();
    let event_id = Uuid::now_v7();
    let payload = serde_json::json!({
        "type": events::WEBHOOK_ENDPOINT_PING.name,
        "resource_id": endpoint,
        "data": view,
    });
    outbox_event::ActiveModel {
        id: Set(event_id),
        org_id: Set(actor.org_id.0),
        occurred_at: Set(now),
        event_type: Set(events::WEBHOOK_ENDPOINT_PING.name.into()),
        resource_type: Set(events::WEBHOOK_ENDPOINT_PING.resource.into()),
        resource_id: Set(endpoint),
        payload: Set(payload.to_string()),
        published_at: Set(Some(now)),
    }
    .insert(c)
    .await?;
    let d = pending(
        actor.org_id.0,
        endpoint,
        event_id,
        events::WEBHOOK_ENDPOINT_PING.name.into(),
        now,
    );
    delivery(d.insert(c).await?)
}
