//! The ports of the delivery area: the endpoints' store and delivery log, the outbox
//! relay, the queue of due deliveries, and the HTTP sender.

use crate::delivery::{Attempt, Delivery, DeliveryFilter, Due, Settled};
use crate::endpoint::{Endpoint, NewEndpoint, Secrets};
use crate::template::{NewTemplate, Template};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::time::Duration;
use uuid::Uuid;

/// Message templates, scoped to the actor's organisation.
#[async_trait]
pub trait TemplateRepository: Send + Sync {
    /// Every live template, oldest first.
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Template>>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Template>;
    /// Stores a template (409 past [`crate::template::MAX_TEMPLATES`]), journaled.
    async fn create(&self, actor: &Actor, t: NewTemplate) -> DomainResult<Template>;
    /// Stores `t` over template `id` if it is still at `if_version`, journaled.
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        t: NewTemplate,
        if_version: i64,
    ) -> DomainResult<Template>;
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Template>;
    /// The keys of the organisation's live custom fields of people.
    async fn person_custom_fields(&self, actor: &Actor) -> DomainResult<Vec<String>>;
}

/// Webhook endpoints, their secrets and their delivery logs, scoped to the actor's
/// organisation.
#[async_trait]
pub trait EndpointRepository: Send + Sync {
    /// Every live endpoint, oldest first.
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Endpoint>>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Endpoint>;
    /// Stores an endpoint with its first secret (409 past
    /// [`crate::endpoint::MAX_ENDPOINTS`]).
    async fn create(&self, actor: &Actor, e: NewEndpoint, secret: String)
    -> DomainResult<Endpoint>;
    /// Stores `e` over endpoint `id` if it is still at `if_version`; enabling it clears
    /// why it was disabled.
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        e: NewEndpoint,
        if_version: i64,
    ) -> DomainResult<Endpoint>;
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Endpoint>;
    async fn secrets(&self, actor: &Actor, id: Uuid) -> DomainResult<Secrets>;
    /// Makes `secret` the current one; the replaced one keeps signing until `keep_until`.
    async fn rotate(
        &self,
        actor: &Actor,
        id: Uuid,
        secret: String,
        keep_until: DateTime<Utc>,
    ) -> DomainResult<Secrets>;
    /// An endpoint's deliveries, newest first.
    async fn deliveries(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        filter: &DeliveryFilter,
        page: &PageRequest,
    ) -> DomainResult<Page<Delivery>>;
    async fn delivery(&self, actor: &Actor, endpoint: Uuid, id: Uuid) -> DomainResult<Delivery>;
    /// A new delivery of delivery `id`'s event to its endpoint, due at once.
    async fn replay(&self, actor: &Actor, endpoint: Uuid, id: Uuid) -> DomainResult<Delivery>;
    /// New deliveries, due at once, of every event the endpoint was sent (or was to be
    /// sent) from `since` until `until` (by when the event happened), each event once;
    /// answers how many.
    async fn replay_range(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DomainResult<u64>;
    /// Records a `webhook_endpoint.ping` event for this endpoint alone and its delivery,
    /// due at once.
    async fn ping(&self, actor: &Actor, endpoint: Uuid) -> DomainResult<Delivery>;
}

/// The outbox relay: publishes committed outbox events, each record's in the order
/// they committed, fanning each out into a delivery per subscribed endpoint.
#[async_trait]
pub trait Relay: Send + Sync {
    /// Publishes up to `limit` events; answers how many.
    async fn relay(&self, limit: usize) -> DomainResult<usize>;
    /// Deletes up to `limit` deliveries that are done and outbox events that are
    /// published, made before `before` (an event a pending delivery still needs stays);
    /// answers how many rows went.
    async fn prune(&self, before: DateTime<Utc>, limit: usize) -> DomainResult<usize>;
}

/// The deliveries due, as a queue workers claim with a lease.
#[async_trait]
pub trait DeliveryQueue: Send + Sync {
    /// Claims up to `limit` due deliveries of enabled endpoints for `worker`, for `lease`.
    async fn claim(&self, worker: &str, limit: usize, lease: Duration) -> DomainResult<Vec<Due>>;
    /// Stores what attempts came to (disabling endpoints as they say), if the claims are
    /// still `worker`'s.
    async fn settle(&self, worker: &str, settled: Vec<Settled>) -> DomainResult<()>;
    /// Gives back every claim at once, whatever its lease; answers how many. Only for
    /// the one process of a SQLite file, starting after a crash (SIGKILL mid-batch), so
    /// its deliveries go again now rather than when their leases run out.
    async fn reclaim_abandoned(&self) -> DomainResult<u64>;
}

/// A signed request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// Sends a webhook: one POST, no redirect followed, a time limit, the address checked
/// against the SSRF guard after the name is resolved.
#[async_trait]
pub trait Sender: Send + Sync {
    async fn send(&self, request: Outgoing) -> Attempt;
}
