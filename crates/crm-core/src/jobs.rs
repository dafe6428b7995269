//! Background jobs: a queue in the database that any replica's worker claims with a
//! lease. A job whose worker dies is claimed again when its lease runs out; a job that
//! fails is retried with a growing delay, up to a limit. Each area declares the kinds it
//! owns as [`JobHandler`]s, registered at start-up in [`JobHandlers`]; the worker runs
//! whatever kinds are registered.

use crate::page::{Page, PageRequest};
use crate::{Actor, DomainResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use uuid::Uuid;

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: Uuid,
    /// The organisation it works for, if any.
    pub org_id: Option<crate::ids::OrgId>,
    pub kind: String,
    /// What the job works on (an import's id…).
    pub subject_id: Uuid,
    /// JSON text its kind defines, for what the subject alone cannot say (the name of a
    /// deleted tag).
    pub payload: Option<String>,
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

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its time or for a worker.
    Queued,
    /// Claimed by a worker, under a lease.
    Running,
    Done,
    /// Given up after its last attempt.
    Dead,
}

impl JobState {
    pub const ALL: [JobState; 4] = [
        JobState::Queued,
        JobState::Running,
        JobState::Done,
        JobState::Dead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A job as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobInfo {
    pub id: Uuid,
    pub kind: String,
    pub subject_id: Uuid,
    pub state: JobState,
    pub attempts: u32,
    pub max_attempts: u32,
    /// When it runs (or ran, or runs again after a failure).
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which jobs a listing shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    pub kind: Option<String>,
    pub state: Option<JobState>,
}

/// How a run of a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobEnd {
    /// The work is finished (or there was none left).
    Done,
    /// Told to stop (lease lost, shutting down): the job should run again.
    Stopped,
}

/// The work of one kind of job, declared by the area that owns the kind.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// The kind this handler runs (`import`, `tag.cards`…), unique across areas.
    fn kind(&self) -> &'static str;
    /// Runs `job` until it ends or `stop` is set.
    async fn run(&self, job: &Job, stop: &AtomicBool) -> DomainResult<JobEnd>;
    /// The job has used its last attempt: leave its subject in a final state.
    async fn give_up(&self, _job: &Job, _why: &str) -> DomainResult<()> {
        Ok(())
    }
}

/// Every registered handler, by kind.
#[derive(Clone, Default)]
pub struct JobHandlers(BTreeMap<&'static str, Arc<dyn JobHandler>>);

impl JobHandlers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `handler`; a second handler for one kind replaces the first.
    pub fn with(mut self, handler: Arc<dyn JobHandler>) -> Self {
        self.0.insert(handler.kind(), handler);
        self
    }

    /// Adds every handler of an area.
    pub fn with_all(self, handlers: impl IntoIterator<Item = Arc<dyn JobHandler>>) -> Self {
        handlers.into_iter().fold(self, JobHandlers::with)
    }

    /// Every registered kind, sorted.
    pub fn kinds(&self) -> Vec<&'static str> {
        self.0.keys().copied().collect()
    }

    pub fn get(&self, kind: &str) -> Option<&Arc<dyn JobHandler>> {
        self.0.get(kind)
    }
}

/// Work a worker does in rounds rather than as queued jobs: a stream of small items
/// that are their own queue (outbox events to relay, webhook deliveries due), declared
/// by the area that owns them and run by every worker in `lanes` loops of its own.
#[async_trait]
pub trait Pump: Send + Sync {
    /// A name for the logs (`outbox.relay`).
    fn name(&self) -> &'static str;
    /// Loops a worker runs side by side (one, unless rounds may wait on the network).
    fn lanes(&self) -> usize {
        1
    }
    /// Does one round of work for `worker`; answers how many items it handled (0 when
    /// there was nothing to do, and the worker waits before the next round).
    async fn pump(&self, worker: &str) -> DomainResult<usize>;
}

#[async_trait]
pub trait JobQueue: Send + Sync {
    /// Queues a job of the actor's organisation to run at `run_at` (now when `None`).
    async fn schedule(
        &self,
        actor: &Actor,
        kind: &str,
        subject_id: Uuid,
        run_at: Option<DateTime<Utc>>,
    ) -> DomainResult<Uuid>;
    /// The actor's organisation's jobs, newest first.
    async fn list(
        &self,
        actor: &Actor,
        filter: &JobFilter,
        page: &PageRequest,
    ) -> DomainResult<Page<JobInfo>>;
    /// Claims the oldest due job of `kinds` for `worker` until `lease` has passed. Reads
    /// first, so an idle queue costs no write.
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
    /// Gives back every running job at once, whatever its lease; answers how many. Only
    /// for a process that knows every other worker is gone: the one process of a SQLite
    /// file, starting after a crash, instead of waiting out the dead one's lease.
    async fn reclaim_abandoned(&self) -> DomainResult<u64>;
    /// Marks `worker` alive for as long as this process runs, so that other workers can
    /// tell at once when it is gone (PostgreSQL; nothing on SQLite, whose one process
    /// gives everything back at start with [`reclaim_abandoned`](Self::reclaim_abandoned)).
    async fn announce(&self, worker: &str) -> DomainResult<()>;
    /// Gives back at once the running jobs whose worker is gone, whatever their lease;
    /// answers how many (always 0 on SQLite).
    async fn reclaim_orphaned(&self) -> DomainResult<u64>;
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named(&'static str);

    #[async_trait]
    impl JobHandler for Named {
        fn kind(&self) -> &'static str {
            self.0
        }
        async fn run(&self, _: &Job, _: &AtomicBool) -> DomainResult<JobEnd> {
            Ok(JobEnd::Done)
        }
    }

    #[test]
    fn handlers_are_found_by_the_kind_they_declare() {
        let h = JobHandlers::new()
            .with(Arc::new(Named("tag.cards")))
            .with(Arc::new(Named("import")));
        assert_eq!(h.kinds(), vec!["import", "tag.cards"]);
        assert!(h.get("import").is_some());
        assert!(h.get("campaign.send").is_none());
    }

    #[test]
    fn job_states_read_back_as_written() {
        for s in JobState::ALL {
            assert_eq!(JobState::parse(s.as_str()), Some(s));
        }
        assert_eq!(JobState::parse("paused"), None);
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_ten_minutes() {
        assert_eq!(backoff(1), Duration::from_secs(5));
        assert_eq!(backoff(2), Duration::from_secs(10));
        assert_eq!(backoff(4), Duration::from_secs(40));
        assert_eq!(backoff(30), Duration::from_secs(600));
    }
}
