//! Deliveries: one event to one endpoint, tried on the schedule until the endpoint
//! answers 2xx; what each answer means (a 410 disables the endpoint, the last failed
//! attempt too), and what is logged of it.

use crate::schedule;
use chrono::{DateTime, Utc};
use std::time::Duration;
use uuid::Uuid;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for its next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Succeeded,
    /// Given up: the schedule was used up, or the endpoint answered 410.
    Failed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pending, Status::Succeeded, Status::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A delivery as its log shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    /// The outbox event delivered: the `webhook-id` the receiver sees on every attempt.
    pub event_id: Uuid,
    pub event_type: String,
    pub status: Status,
    pub attempts: u32,
    /// When the next attempt is due (pending deliveries only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The last answer's status code, if the endpoint answered.
    pub response_status: Option<u16>,
    /// How long the last attempt took, in milliseconds.
    pub response_ms: Option<u32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Which deliveries a log page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    pub status: Option<Status>,
    pub event_type: Option<String>,
}

/// A delivery claimed for an attempt, with what the attempt needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub id: Uuid,
    pub org_id: Uuid,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub url: String,
    /// The endpoint's live secrets (the current one first).
    pub secrets: Vec<String>,
    /// The body: the outbox event's JSON text, sent as stored.
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The status code, if the endpoint answered at all.
    pub status: Option<u16>,
    pub elapsed: Duration,
    /// Why it failed (connection refused, timed out, blocked address, status 500…).
    pub error: Option<String>,
    /// The receiver's `Retry-After`, read.
    pub retry_after: Option<Duration>,
}

impl Attempt {
    /// A 2xx answer.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s)) && self.error.is_none()
    }
}

/// What to store after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub id: Uuid,
    pub org_id: Uuid,
    pub endpoint_id: Uuid,
    pub status: Status,
    pub attempts: u32,
    pub attempted_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub response_status: Option<u16>,
    pub response_ms: u32,
    pub error: Option<String>,
    /// Disable the endpoint, for this reason.
    pub disable: Option<String>,
}

/// Decides what an attempt of `due` made at `at` leaves: done, retried on the schedule
/// (`jitter` in `[0, 1)`), or given up with the endpoint disabled.
pub fn settle(due: &Due, attempt: &Attempt, at: DateTime<Utc>, jitter: f64) -> Settled {
    let attempts = due.attempts + 1;
    let mut s = Settled {
        id: due.id,
        org_id: due.org_id,
        endpoint_id: due.endpoint_id,
        status: Status::Succeeded,
        attempts,
        attempted_at: at,
        next_attempt_at: None,
        response_status: attempt.status,
        response_ms: u32::try_from(attempt.elapsed.as_millis()).unwrap_or(u32::MAX),
        error: None,
        disable: None,
    };
    if attempt.succeeded() {
        return s;
    }
    s.error = Some(
        attempt
            .error
            .clone()
            .unwrap_or_else(|| match attempt.status {
                Some(code) => format!("answered {code}"),
                None => "no answer".into(),
            }),
    );
    if attempt.status == Some(410) {
        s.status = Status::Failed;
        s.disable = Some("the endpoint answered 410 Gone".into());
        return s;
    }
    match schedule::next_delay(attempts, attempt.retry_after, jitter) {
        Some(wait) => {
            s.status = Status::Pending;
            s.next_attempt_at = chrono::Duration::from_std(wait).ok().map(|w| at + w);
        }
        None => {
            s.status = Status::Failed;
            s.disable = Some(format!(
                "every one of {} attempts of a delivery failed",
                schedule::ATTEMPTS
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn due(attempts: u32) -> Due {
        Due {
            id: Uuid::now_v7(),
            org_id: Uuid::now_v7(),
            endpoint_id: Uuid::now_v7(),
            event_id: Uuid::now_v7(),
            url: "https://hooks.example.com/crm".into(),
            secrets: vec![],
            payload: "{}".into(),
            attempts,
        }
    }

    fn answered(status: u16) -> Attempt {
        Attempt {
            status: Some(status),
            elapsed: Duration::from_millis(12),
            error: None,
            retry_after: None,
        }
    }

    #[test]
    fn a_2xx_answer_ends_the_delivery() {
        let s = settle(&due(0), &answered(204), Utc::now(), 0.5);
        assert_eq!(
            (s.status, s.attempts, s.error, s.disable),
            (Status::Succeeded, 1, None, None)
        );
        assert_eq!(s.response_ms, 12);
    }

    #[test]
    fn a_failure_is_retried_on_the_schedule_or_after_the_receivers_retry_after() {
        let now = Utc::now();
        let s = settle(&due(0), &answered(500), now, 0.5);
        assert_eq!(s.status, Status::Pending);
        assert_eq!(s.next_attempt_at, Some(now + chrono::Duration::seconds(5)));
        assert_eq!(s.error.as_deref(), Some("answered 500"));
        let mut busy = answered(429);
        busy.retry_after = Some(Duration::from_secs(90));
        let s = settle(&due(2), &busy, now, 0.5);
        assert_eq!(s.next_attempt_at, Some(now + chrono::Duration::seconds(90)));
    }

    #[test]
    fn a_410_or_the_last_failed_attempt_gives_up_and_disables_the_endpoint() {
        let gone = settle(&due(0), &answered(410), Utc::now(), 0.5);
        assert_eq!(gone.status, Status::Failed);
        assert!(gone.disable.unwrap().contains("410"));
        let last = settle(
            &due(schedule::ATTEMPTS - 1),
            &answered(503),
            Utc::now(),
            0.5,
        );
        assert_eq!((last.status, last.next_attempt_at), (Status::Failed, None));
        assert!(last.disable.unwrap().contains("every one of 10"));
    }

    #[test]
    fn no_answer_and_a_redirect_are_failures() {
        let refused = Attempt {
            status: None,
            elapsed: Duration::from_millis(1),
            error: Some("connection refused".into()),
            retry_after: None,
        };
        let s = settle(&due(0), &refused, Utc::now(), 0.5);
        assert_eq!(
            (s.status, s.error.as_deref()),
            (Status::Pending, Some("connection refused"))
        );
        assert_eq!(
            settle(&due(0), &answered(302), Utc::now(), 0.5).status,
            Status::Pending
        );
    }
}
