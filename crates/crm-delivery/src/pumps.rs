//! The two pumps every worker runs: the outbox relay, and the deliverer that signs and
//! sends due deliveries many at a time, storing each batch's answers as they come.

use crate::delivery::{Due, settle};
use crate::ports::{DeliveryQueue, Outgoing, Relay, Sender};
use crate::signature;
use async_trait::async_trait;
use crm_core::DomainResult;
use crm_core::jobs::Pump;
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;

/// Outbox events published per round.
pub const RELAY_BATCH: usize = 500;
/// Deliveries claimed per round of one lane.
pub const DELIVERY_BATCH: usize = 200;
/// Requests in flight per lane.
pub const IN_FLIGHT: usize = 50;
/// How long a claim lasts: past the sender's time limit, with room to store the answer.
pub const LEASE: Duration = Duration::from_secs(60);

/// Publishes the outbox.
pub struct RelayPump(pub Arc<dyn Relay>);

#[async_trait]
impl Pump for RelayPump {
    fn name(&self) -> &'static str {
        "outbox.relay"
    }
    async fn pump(&self, _worker: &str) -> DomainResult<usize> {
        self.0.relay(RELAY_BATCH).await
    }
}

/// How often a worker prunes what the retention lets go.
pub const PRUNE_EVERY: Duration = Duration::from_secs(3600);
/// Rows deleted per round of pruning.
pub const PRUNE_BATCH: usize = 1000;

/// Deletes published outbox events and finished deliveries older than the retention,
/// once an hour, a thousand rows a round (each round a short transaction).
pub struct PrunePump {
    pub relay: Arc<dyn Relay>,
    /// How long events and the delivery log are kept (replays reach this far back).
    pub keep: chrono::Duration,
    /// When the last pass found nothing more to delete.
    pub done_at: std::sync::Mutex<Option<std::time::Instant>>,
}

impl PrunePump {
    pub fn new(relay: Arc<dyn Relay>, keep: chrono::Duration) -> PrunePump {
        PrunePump {
            relay,
            keep,
            done_at: std::sync::Mutex::new(None),
        }
    }
}

#[async_trait]
impl Pump for PrunePump {
    fn name(&self) -> &'static str {
        "outbox.prune"
    }
    async fn pump(&self, _worker: &str) -> DomainResult<usize> {
        let recent = self
            .done_at
            .lock()
            .map(|d| d.is_some_and(|t| t.elapsed() < PRUNE_EVERY))
            .unwrap_or(false);
        if recent {
            return Ok(0);
        }
        let n = self
            .relay
            .prune(chrono::Utc::now() - self.keep, PRUNE_BATCH)
            .await?;
        if n < PRUNE_BATCH
            && let Ok(mut d) = self.done_at.lock()
        {
            *d = Some(std::time::Instant::now());
        }
        Ok(n)
    }
}

/// Sends the deliveries due.
pub struct DeliveryPump {
    pub queue: Arc<dyn DeliveryQueue>,
    pub sender: Arc<dyn Sender>,
}

/// The signed request of one attempt made at `timestamp` (Unix seconds).
pub fn request(due: &Due, timestamp: i64) -> Outgoing {
    let id = due.event_id.to_string();
    let signature = signature::header(&due.secrets, &id, timestamp, due.payload.as_bytes());
    Outgoing {
        url: due.url.clone(),
        headers: vec![
            ("content-type", "application/json".into()),
            (
                "user-agent",
                concat!("crm-webhooks/", env!("CARGO_PKG_VERSION")).into(),
            ),
            ("webhook-id", id),
            ("webhook-timestamp", timestamp.to_string()),
            ("webhook-signature", signature),
        ],
        body: due.payload.clone(),
    }
}

#[async_trait]
impl Pump for DeliveryPump {
    fn name(&self) -> &'static str {
        "webhooks.deliver"
    }
    /// A slow endpoint holds one lane for at most the sender's time limit.
    fn lanes(&self) -> usize {
        4
    }
    async fn pump(&self, worker: &str) -> DomainResult<usize> {
        let due = self.queue.claim(worker, DELIVERY_BATCH, LEASE).await?;
        let n = due.len();
        let sender = &self.sender;
        let mut answers = futures_util::stream::iter(due)
            .map(|d| async move {
                let at = chrono::Utc::now();
                let attempt = sender.send(request(&d, at.timestamp())).await;
                settle(&d, &attempt, at, rand::random::<f64>())
            })
            .buffer_unordered(IN_FLIGHT)
            .ready_chunks(IN_FLIGHT);
        while let Some(settled) = answers.next().await {
            self.queue.settle(worker, settled).await?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use uuid::Uuid;

    #[test]
    fn a_request_carries_the_standard_webhooks_headers_and_the_payload_as_stored() {
        let secret = signature::generate();
        let due = Due {
            id: Uuid::now_v7(),
            org_id: Uuid::now_v7(),
            endpoint_id: Uuid::now_v7(),
            event_id: Uuid::now_v7(),
            url: "https://hooks.example.com/crm".into(),
            secrets: vec![secret.clone()],
            payload: r#"{"type":"person.created","resource_id":"x","data":{}}"#.into(),
            attempts: 0,
        };
        let r = request(&due, 1_700_000_000);
        let h = |k: &str| {
            r.headers
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(h("webhook-id"), due.event_id.to_string());
        assert_eq!(h("webhook-timestamp"), "1700000000");
        let key = signature::key(&secret).unwrap();
        assert_eq!(
            h("webhook-signature"),
            signature::sign(
                &key,
                &due.event_id.to_string(),
                1_700_000_000,
                due.payload.as_bytes()
            )
        );
        assert_eq!(r.body, due.payload);
    }
}
