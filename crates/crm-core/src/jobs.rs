//! Background jobs: a queue in the database that any replica's worker claims with a
//! lease. A job whose worker dies is claimed again when its lease runs out; a job that
//! fails is retried with a growing delay, up to a limit.

use crate::DomainResult;
use async_trait::async_trait;
use std::time::Duration;
use uuid::Uuid;

/// The kind of job that runs an import.
pub const KIND_IMPORT: &str = "import";

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    /// What the job works on (an import's id…).
    pub subject_id: Uuid,
    /// Runs started so far, this one included.
    pub attempts: u32,
    /// Runs allowed; a claim past this gives the job up.
    pub max_attempts: u32,
}

/// The delay before retry number `attempt` (1-based): 5 s, 10 s, 20 s… capped at 10 minutes.
pub fn backoff(attempt: u32) -> Duration {
    let secs = 5u64.saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
    Duration::from_secs(secs.min(600))
}

#[async_trait]
pub trait JobQueue: Send + Sync {
    /// Claims the oldest due job of `kinds` for `worker` until `lease` has passed.
    async fn claim(
        &self,
        worker: &str,
        kinds: &[&str],
        lease: Duration,
    ) -> DomainResult<Option<Job>>;
    /// Extends the lease; `false` when the job is no longer this worker's.
    async fn extend(&self, job: Uuid, worker: &str, lease: Duration) -> DomainResult<bool>;
    /// The job is done.
    async fn complete(&self, job: Uuid, worker: &str) -> DomainResult<()>;
    /// The run failed: run it again after a delay, or give up after the last attempt.
    async fn fail(&self, job: Uuid, worker: &str, error: &str) -> DomainResult<()>;
    /// Gives the job back to run again at once (the worker is stopping).
    async fn release(&self, job: Uuid, worker: &str) -> DomainResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_ten_minutes() {
        assert_eq!(backoff(1), Duration::from_secs(5));
        assert_eq!(backoff(2), Duration::from_secs(10));
        assert_eq!(backoff(4), Duration::from_secs(40));
        assert_eq!(backoff(30), Duration::from_secs(600));
    }
}
