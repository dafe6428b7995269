//! Webhooks as stored: endpoints (a record of the settings kind), their delivery logs,
//! the outbox relay and the queue of deliveries due. One adapter answers all three
//! ports.

pub(crate) mod emails;
mod endpoints;
mod log;
mod queue;
mod relay;

use crate::db::Db;
use crate::entities::webhook_endpoint;
use crate::error::port;
use crate::paging;
use crate::record::{self, State, find, scoped, soft_delete};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use crm_delivery::delivery::{Delivery, DeliveryFilter, Due, Settled};
use crm_delivery::endpoint::{Endpoint, NewEndpoint, Secrets};
use crm_delivery::ports::{DeliveryQueue, EndpointRepository, Relay};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use std::time::Duration;
use uuid::Uuid;

/// The webhooks of one database.
pub(crate) struct Webhooks(pub Db);

#[async_trait]
impl EndpointRepository for Webhooks {
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Endpoint>> {
        port(async {
            scoped::<webhook_endpoint::Entity>(actor)
                .filter(webhook_endpoint::Column::DeletedAt.is_null())
                .order_by_asc(webhook_endpoint::Column::CreatedAt)
                .order_by_asc(webhook_endpoint::Column::Id)
                .all(&self.0.conn)
                .await?
                .into_iter()
                .map(endpoints::endpoint)
                .collect()
        })
        .await
    }

    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Endpoint> {
        record::store::get::<webhook_endpoint::Entity>(&self.0, actor, id).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(
        &self,
        actor: &Actor,
        e: NewEndpoint,
        secret: String,
    ) -> DomainResult<Endpoint> {
        record::store::write(&self.0, async |txn| {
            endpoints::create(txn, actor, e, secret).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        e: NewEndpoint,
        if_version: i64,
    ) -> DomainResult<Endpoint> {
        record::store::write(&self.0, async |txn| {
            let after = endpoints::update(txn, actor, id, e, if_version).await?;
            queue::park(txn, actor, id, !after.enabled).await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()> {
        record::store::write(&self.0, async |txn| {
            soft_delete::<webhook_endpoint::Entity, _>(txn, actor, id, if_version).await?;
            queue::park(txn, actor, id, true).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Endpoint> {
        record::store::write(&self.0, async |txn| {
            let after = record::restore::<webhook_endpoint::Entity, _>(
                txn,
                actor,
                id,
                "the webhook endpoint cannot be restored",
            )
            .await?;
            if after.enabled {
                queue::park(txn, actor, id, false).await?;
            }
            Ok(after)
        })
        .await
    }

    async fn secrets(&self, actor: &Actor, id: Uuid) -> DomainResult<Secrets> {
        port(async {
            let row =
                find::<webhook_endpoint::Entity, _>(&self.0.conn, actor, id, State::Live, false)
                    .await?;
            Ok(endpoints::secrets(&row))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn rotate(
        &self,
        actor: &Actor,
        id: Uuid,
        secret: String,
        keep_until: DateTime<Utc>,
    ) -> DomainResult<Secrets> {
        record::store::write(&self.0, async |txn| {
            endpoints::rotate(txn, actor, id, secret, keep_until).await
        })
        .await
    }

    async fn deliveries(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        filter: &DeliveryFilter,
        page: &PageRequest,
    ) -> DomainResult<Page<Delivery>> {
        use crate::entities::webhook_delivery::{Column, Entity};
        port(async {
            log::live_endpoint(&self.0.conn, actor, endpoint).await?;
            let mut q = scoped::<Entity>(actor).filter(Column::EndpointId.eq(endpoint));
            if let Some(s) = filter.status {
                q = q.filter(Column::Status.eq(s.as_str()));
            }
            if let Some(t) = &filter.event_type {
                q = q.filter(Column::EventType.eq(t.as_str()));
            }
            paging::fetch(&self.0.conn, q, page)
                .await?
                .try_map(log::delivery)
        })
        .await
    }

    async fn delivery(&self, actor: &Actor, endpoint: Uuid, id: Uuid) -> DomainResult<Delivery> {
        port(async {
            log::live_endpoint(&self.0.conn, actor, endpoint).await?;
            log::delivery(log::one(&self.0.conn, actor, endpoint, id).await?)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %endpoint, %id))]
    async fn replay(&self, actor: &Actor, endpoint: Uuid, id: Uuid) -> DomainResult<Delivery> {
        record::store::write(&self.0, async |txn| {
            log::replay(txn, actor, endpoint, id).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %endpoint))]
    async fn replay_range(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DomainResult<u64> {
        record::store::write(&self.0, async |txn| {
            log::replay_range(txn, actor, endpoint, since, until).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %endpoint))]
    async fn ping(&self, actor: &Actor, endpoint: Uuid) -> DomainResult<Delivery> {
        record::store::write(&self.0, async |txn| log::ping(txn, actor, endpoint).await).await
    }
}

#[async_trait]
impl Relay for Webhooks {
    async fn relay(&self, limit: usize) -> DomainResult<usize> {
        relay::relay(&self.0, limit).await
    }

    async fn prune(&self, before: DateTime<Utc>, limit: usize) -> DomainResult<usize> {
        relay::prune(&self.0, before, limit).await
    }
}

#[async_trait]
impl DeliveryQueue for Webhooks {
    async fn claim(&self, worker: &str, limit: usize, lease: Duration) -> DomainResult<Vec<Due>> {
        queue::claim(&self.0, worker, limit, lease).await
    }

    async fn settle(&self, worker: &str, settled: Vec<Settled>) -> DomainResult<()> {
        queue::settle(&self.0, worker, settled).await
    }

    async fn reclaim_abandoned(&self) -> DomainResult<u64> {
        queue::reclaim_abandoned(&self.0).await
    }
}

#[async_trait]
impl crm_delivery::email::EmailQueue for Webhooks {
    async fn claim(
        &self,
        worker: &str,
        limit: usize,
        lease: Duration,
    ) -> DomainResult<Vec<crm_delivery::email::Queued>> {
        emails::claim(&self.0, worker, limit, lease).await
    }

    async fn settle(&self, worker: &str, sent: Vec<crm_delivery::email::Sent>) -> DomainResult<()> {
        emails::settle(&self.0, worker, sent).await
    }
}
