//! The delivery area's use cases: endpoints checked against the event catalogue and the
//! SSRF guard, their secrets and rotation, the delivery log, replays and pings; message
//! templates (`templates`).

use crate::address::Guard;
use crate::delivery::{Delivery, DeliveryFilter};
use crate::endpoint::{Endpoint, EndpointInput, Secrets, must_be_enabled};
use crate::endpoint::{NewEndpoint, covers};
use crate::ports::{EndpointRepository, TemplateRepository};
use crate::signature;
use chrono::{DateTime, Utc};
use crm_core::EventType;
use crm_core::filter::{FieldCatalogue, FieldType, Filter};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

mod templates;

/// How long a rotated-out secret keeps signing.
pub const ROTATION_OVERLAP: chrono::Duration = chrono::Duration::hours(24);
/// The widest time range one replay may cover.
pub const MAX_REPLAY_RANGE: chrono::Duration = chrono::Duration::days(31);

/// Every area's event types, and the fields of each resource's events (`data.<field>`)
/// an endpoint's condition may name.
#[derive(Clone, Default)]
pub struct EventCatalogue {
    pub events: Vec<EventType>,
    /// By resource (`person`): its fields as the API shows them, without the prefix.
    pub fields: HashMap<&'static str, FieldCatalogue>,
}

impl EventCatalogue {
    fn names(&self) -> Vec<&'static str> {
        self.events.iter().map(|e| e.name).collect()
    }

    /// The fields a condition may name for endpoints listing `patterns`: `type`,
    /// `resource_id`, and `data.<field>` of every resource they cover (a field two
    /// resources share keeps the first one's type).
    pub fn condition_fields(&self, patterns: &[String]) -> FieldCatalogue {
        let covered: Vec<&EventType> = self
            .events
            .iter()
            .filter(|e| patterns.iter().any(|p| covers(p, e.name)))
            .collect();
        let types = covered.iter().map(|e| e.name.to_string()).collect();
        let mut out = FieldCatalogue::new()
            .field("type", FieldType::Enum(types), false)
            .field("resource_id", FieldType::Uuid, false);
        let mut resources: Vec<&str> = covered.iter().map(|e| e.resource).collect();
        resources.dedup();
        for r in resources {
            let Some(fields) = self.fields.get(r) else {
                continue;
            };
            for name in fields.names() {
                let key = format!("data.{name}");
                if let (None, Some(f)) = (out.get(&key), fields.get(name)) {
                    out = out.field(key, f.ty.clone(), f.nullable);
                }
            }
        }
        out
    }

    /// Checks an endpoint's condition against the fields of the events it receives.
    fn check(&self, e: &NewEndpoint) -> DomainResult<()> {
        match &e.condition {
            None => Ok(()),
            Some(c) => Filter::parse(c, &self.condition_fields(&e.event_types), "condition")
                .map(|_| ())
                .map_err(DomainError::Validation),
        }
    }
}

/// The delivery area, as the API calls it.
#[derive(Clone)]
pub struct DeliveryService {
    endpoints: Arc<dyn EndpointRepository>,
    templates: Arc<dyn TemplateRepository>,
    /// Every event type of every area, which endpoints subscribe to.
    catalogue: Arc<EventCatalogue>,
    names: Arc<Vec<&'static str>>,
    guard: Guard,
}

impl DeliveryService {
    pub fn new(
        endpoints: Arc<dyn EndpointRepository>,
        templates: Arc<dyn TemplateRepository>,
        catalogue: EventCatalogue,
        guard: Guard,
    ) -> Self {
        Self {
            endpoints,
            templates,
            names: Arc::new(catalogue.names()),
            catalogue: Arc::new(catalogue),
            guard,
        }
    }

    /// The organisation's live endpoints, oldest first.
    pub async fn webhook_endpoints(&self, actor: &Actor) -> DomainResult<Vec<Endpoint>> {
        self.endpoints.list(actor).await
    }

    pub async fn webhook_endpoint(&self, actor: &Actor, id: Uuid) -> DomainResult<Endpoint> {
        self.endpoints.get(actor, id).await
    }

    /// Checks and stores an endpoint with a new secret.
    pub async fn create_webhook_endpoint(
        &self,
        actor: &Actor,
        input: EndpointInput,
    ) -> DomainResult<Endpoint> {
        let e = input.validate(None, &self.names, &self.guard)?;
        self.catalogue.check(&e)?;
        self.endpoints.create(actor, e, signature::generate()).await
    }

    /// Checks a patch over the stored endpoint and stores it if it is still the version
    /// checked (`if_version` if given).
    pub async fn update_webhook_endpoint(
        &self,
        actor: &Actor,
        id: Uuid,
        input: EndpointInput,
        if_version: Option<i64>,
    ) -> DomainResult<Endpoint> {
        let stored = self.endpoints.get(actor, id).await?;
        let e = input.validate(Some(&stored), &self.names, &self.guard)?;
        self.catalogue.check(&e)?;
        let version = if_version.unwrap_or(stored.version);
        self.endpoints.update(actor, id, e, version).await
    }

    pub async fn delete_webhook_endpoint(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.endpoints.delete(actor, id, if_version).await
    }

    pub async fn restore_webhook_endpoint(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> DomainResult<Endpoint> {
        self.endpoints.restore(actor, id).await
    }

    /// The endpoint's signing secrets.
    pub async fn webhook_secrets(&self, actor: &Actor, id: Uuid) -> DomainResult<Secrets> {
        self.endpoints.secrets(actor, id).await
    }

    /// A new secret; the replaced one keeps signing for [`ROTATION_OVERLAP`].
    pub async fn rotate_webhook_secret(&self, actor: &Actor, id: Uuid) -> DomainResult<Secrets> {
        let keep_until = Utc::now() + ROTATION_OVERLAP;
        self.endpoints
            .rotate(actor, id, signature::generate(), keep_until)
            .await
    }

    /// An endpoint's deliveries, newest first.
    pub async fn webhook_deliveries(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        filter: &DeliveryFilter,
        page: &PageRequest,
    ) -> DomainResult<Page<Delivery>> {
        self.endpoints
            .deliveries(actor, endpoint, filter, page)
            .await
    }

    pub async fn webhook_delivery(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        id: Uuid,
    ) -> DomainResult<Delivery> {
        self.endpoints.delivery(actor, endpoint, id).await
    }

    /// Sends a delivery's event again, as a new delivery (the endpoint must be enabled).
    pub async fn replay_webhook_delivery(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        id: Uuid,
    ) -> DomainResult<Delivery> {
        must_be_enabled(&self.endpoints.get(actor, endpoint).await?)?;
        self.endpoints.replay(actor, endpoint, id).await
    }

    /// Sends again every event of a time range (at most [`MAX_REPLAY_RANGE`]).
    pub async fn replay_webhook_range(
        &self,
        actor: &Actor,
        endpoint: Uuid,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> DomainResult<u64> {
        if until <= since {
            return Err(DomainError::field(
                "until",
                "out_of_range",
                "must be after `since`",
            ));
        }
        if until - since > MAX_REPLAY_RANGE {
            return Err(DomainError::field(
                "until",
                "out_of_range",
                "a replay covers at most 31 days",
            ));
        }
        must_be_enabled(&self.endpoints.get(actor, endpoint).await?)?;
        self.endpoints
            .replay_range(actor, endpoint, since, until)
            .await
    }

    /// A test event sent to this endpoint alone.
    pub async fn ping_webhook_endpoint(
        &self,
        actor: &Actor,
        endpoint: Uuid,
    ) -> DomainResult<Delivery> {
        must_be_enabled(&self.endpoints.get(actor, endpoint).await?)?;
        self.endpoints.ping(actor, endpoint).await
    }
}
