//! Email the server sends (today the notice that a webhook endpoint was disabled; later
//! campaigns, templates and account emails): a queue of messages, each with a key that
//! queues it once, sent through the mail port by a pump and retried on the webhook
//! schedule. A message's `Message-ID` is its id, the same on every attempt, so a
//! receiving server can drop a repeat after a worker died between the SMTP server's
//! acceptance and the settle (at least once: SMTP cannot do better).

use crate::delivery::Status;
use crate::schedule;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::jobs::Pump;
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Queues the message once: a second message with this key is dropped.
    pub key: String,
}

/// A queued message claimed for an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: Uuid,
    pub org_id: Uuid,
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// Why a message was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailError {
    /// Worth another attempt: no connection, a 4xx answer.
    Retry(String),
    /// Never: a 5xx answer (no such mailbox), an address the server refuses.
    Reject(String),
}

/// What to store after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub id: Uuid,
    pub status: Status,
    pub attempts: u32,
    pub attempted_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
}

/// Decides what an attempt leaves: sent, retried on the schedule, or given up.
pub fn settle(m: &Queued, result: Result<(), MailError>, at: DateTime<Utc>, jitter: f64) -> Sent {
    let attempts = m.attempts + 1;
    let mut s = Sent {
        id: m.id,
        status: Status::Succeeded,
        attempts,
        attempted_at: at,
        next_attempt_at: None,
        error: None,
    };
    match result {
        Ok(()) => {}
        Err(MailError::Reject(why)) => {
            s.status = Status::Failed;
            s.error = Some(why);
        }
        Err(MailError::Retry(why)) => {
            s.error = Some(why);
            match schedule::next_delay(attempts, None, jitter) {
                Some(wait) => {
                    s.status = Status::Pending;
                    s.next_attempt_at = chrono::Duration::from_std(wait).ok().map(|w| at + w);
                }
                None => s.status = Status::Failed,
            }
        }
    }
    s
}

/// Sends one message.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, m: &Queued) -> Result<(), MailError>;
}

/// The messages due, as a queue workers claim with a lease.
#[async_trait]
pub trait EmailQueue: Send + Sync {
    async fn claim(&self, worker: &str, limit: usize, lease: Duration)
    -> DomainResult<Vec<Queued>>;
    async fn settle(&self, worker: &str, sent: Vec<Sent>) -> DomainResult<()>;
}

/// Sends the messages due, a few at a time.
pub struct EmailPump {
    pub queue: Arc<dyn EmailQueue>,
    pub mailer: Arc<dyn Mailer>,
}

/// Messages claimed per round.
const BATCH: usize = 100;
/// Messages sent at once, each on its own SMTP connection (at most this many are sent
/// again when a worker dies mid-batch). Throughput comes from here: lettre writes a
/// message's body and its final `.` apart, and the server's delayed ACK holds the second
/// write about 40 ms (decision 0054), so one connection sends about 22 messages a second.
pub const IN_FLIGHT: usize = 32;

#[async_trait]
impl Pump for EmailPump {
    fn name(&self) -> &'static str {
        "emails.send"
    }
    async fn pump(&self, worker: &str) -> DomainResult<usize> {
        let due = self.queue.claim(worker, BATCH, crate::pumps::LEASE).await?;
        let n = due.len();
        let (mailer, queue) = (&self.mailer, &self.queue);
        // Each message is settled as soon as the server accepted it, not with its batch:
        // a worker that dies sends again only the few in flight, not every message of
        // the batch the SMTP server already took.
        let settled: Vec<DomainResult<()>> = futures_util::stream::iter(due)
            .map(|m| async move {
                let at = Utc::now();
                let result = mailer.send(&m).await;
                let s = settle(&m, result, at, rand::random::<f64>());
                queue.settle(worker, vec![s]).await
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        settled.into_iter().collect::<DomainResult<Vec<()>>>()?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(attempts: u32) -> Queued {
        Queued {
            id: Uuid::now_v7(),
            org_id: Uuid::now_v7(),
            to: "owner@example.com".into(),
            subject: "s".into(),
            text: "t".into(),
            attempts,
        }
    }

    #[test]
    fn a_sent_message_is_done_a_refused_one_failed_and_a_transient_error_retried() {
        let now = Utc::now();
        assert_eq!(
            settle(&queued(0), Ok(()), now, 0.5).status,
            Status::Succeeded
        );
        let r = settle(
            &queued(0),
            Err(MailError::Reject("550 no such user".into())),
            now,
            0.5,
        );
        assert_eq!(
            (r.status, r.error.as_deref()),
            (Status::Failed, Some("550 no such user"))
        );
        let t = settle(
            &queued(0),
            Err(MailError::Retry("connection refused".into())),
            now,
            0.5,
        );
        assert_eq!(
            (t.status, t.next_attempt_at),
            (Status::Pending, Some(now + chrono::Duration::seconds(5)))
        );
        let last = settle(
            &queued(schedule::ATTEMPTS - 1),
            Err(MailError::Retry("421".into())),
            now,
            0.5,
        );
        assert_eq!(last.status, Status::Failed);
    }
}
