//! The background worker: claims due jobs of every registered kind from the database
//! queue, runs each through its area's handler while keeping its lease alive, and gives
//! it back (or up) when it cannot finish. `crm serve` runs one in-process unless
//! `CRM_RUN_JOBS=false`; `crm worker` runs one alone.

use crm_core::DomainError;
use crm_core::jobs::{Job, JobEnd, JobHandlers, JobQueue, Pump};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tracing::Instrument;

/// How long a claim lasts without a heartbeat.
pub const LEASE: Duration = Duration::from_secs(60);
/// How often an idle worker looks for work.
pub const POLL: Duration = Duration::from_millis(500);
/// How often an idle pump looks for work (the relay for new outbox events, the
/// deliverer for retries come due).
pub const PUMP_POLL: Duration = Duration::from_millis(250);
/// How often a worker looks for the running jobs of workers that are gone.
pub const ORPHAN_CHECK: Duration = Duration::from_secs(15);

/// A worker of one process.
#[derive(Clone)]
pub struct Worker {
    pub id: String,
    pub handlers: JobHandlers,
    pub queue: Arc<dyn JobQueue>,
    /// Rung when a job is queued by this process, so the worker need not wait to poll.
    pub wake: Arc<tokio::sync::Notify>,
    /// Work done in rounds beside the jobs (the outbox relay, webhook deliveries).
    pub pumps: Vec<Arc<dyn Pump>>,
}

impl Worker {
    pub fn new(handlers: JobHandlers, queue: Arc<dyn JobQueue>) -> Worker {
        let id = format!(
            "{}-{}",
            std::process::id(),
            &uuid::Uuid::now_v7().simple().to_string()[20..]
        );
        Worker {
            id,
            handlers,
            queue,
            wake: Arc::new(tokio::sync::Notify::new()),
            pumps: Vec::new(),
        }
    }

    /// The same worker, running `pumps` too.
    pub fn with_pumps(mut self, pumps: Vec<Arc<dyn Pump>>) -> Worker {
        self.pumps = pumps;
        self
    }

    /// Runs every pump's lanes until `stop` is set. A lane that found work rings the
    /// others (the relay's new deliveries wake the deliverers); an idle one waits
    /// [`PUMP_POLL`] or until rung.
    fn start_pumps(&self, stop: &Arc<AtomicBool>) -> Vec<tokio::task::JoinHandle<()>> {
        let rung = Arc::new(tokio::sync::Notify::new());
        let mut lanes = Vec::new();
        for pump in &self.pumps {
            for lane in 0..pump.lanes().max(1) {
                let (pump, stop, rung) = (pump.clone(), stop.clone(), rung.clone());
                let worker = format!("{}-{}{lane}", self.id, pump.name());
                lanes.push(tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let wait = match pump.pump(&worker).await {
                            Ok(0) => PUMP_POLL,
                            Ok(_) => {
                                rung.notify_waiters();
                                continue;
                            }
                            Err(e) => {
                                tracing::warn!(pump = pump.name(), error = %e, "pump round failed");
                                PUMP_POLL * 8
                            }
                        };
                        tokio::select! {
                            _ = tokio::time::sleep(wait) => {}
                            _ = rung.notified() => {}
                        }
                    }
                }));
            }
        }
        lanes
    }

    /// The same worker, woken by `wake` as well as by its poll.
    pub fn with_wake(mut self, wake: Arc<tokio::sync::Notify>) -> Worker {
        self.wake = wake;
        self
    }

    /// Claims and runs one due job; `false` when there was none.
    pub async fn run_one(&self, stop: &Arc<AtomicBool>) -> Result<bool, DomainError> {
        let kinds = self.handlers.kinds();
        let Some(job) = self.queue.claim(&self.id, &kinds, LEASE).await? else {
            return Ok(false);
        };
        self.run(job, stop).await;
        Ok(true)
    }

    async fn run(&self, job: Job, stop: &Arc<AtomicBool>) {
        let span = tracing::info_span!(
            "job",
            id = %job.id,
            kind = %job.kind,
            subject = %job.subject_id,
            attempt = job.attempts
        );
        self.run_in_span(job, stop).instrument(span).await
    }

    async fn run_in_span(&self, job: Job, stop: &Arc<AtomicBool>) {
        let Some(handler) = self.handlers.get(&job.kind).cloned() else {
            // Claimed only by kind, so a handler exists; a job is never dropped silently.
            self.settle(self.queue.release(job.id, &self.id).await);
            return;
        };
        if job.attempts > job.max_attempts {
            let why = format!("stopped after {} attempts", job.max_attempts);
            if let Err(e) = handler.give_up(&job, &why).await {
                tracing::warn!(error = %e, "could not leave the job's subject in a final state");
            }
            self.settle(self.queue.fail(job.id, &self.id, &why).await);
            return;
        }
        let lost = Arc::new(AtomicBool::new(false));
        let beat = {
            let (queue, worker, lost, stop) = (
                self.queue.clone(),
                self.id.clone(),
                lost.clone(),
                stop.clone(),
            );
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(LEASE / 4).await;
                    if !matches!(queue.extend(job.id, &worker, LEASE).await, Ok(true)) {
                        lost.store(true, Ordering::Relaxed);
                    }
                    if stop.load(Ordering::Relaxed) {
                        lost.store(true, Ordering::Relaxed);
                    }
                }
            })
        };
        let outcome = handler.run(&job, &lost).await;
        beat.abort();
        match outcome {
            Ok(JobEnd::Done) => {
                tracing::info!("job done");
                self.settle(self.queue.complete(job.id, &self.id).await);
            }
            Ok(JobEnd::Stopped) => {
                tracing::info!("job stopped; it will run again");
                self.settle(self.queue.release(job.id, &self.id).await);
            }
            Err(e) => {
                // The log gets the whole cause; the job's last_error, which
                // administrators read through the API, only what failed.
                let cause = match &e {
                    DomainError::Internal(f) | DomainError::Unavailable(f) => f.chain(),
                    other => other.to_string(),
                };
                tracing::warn!(error = %cause, "job failed; it will be retried");
                self.settle(self.queue.fail(job.id, &self.id, &e.to_string()).await);
            }
        }
    }

    fn settle(&self, r: Result<(), DomainError>) {
        if let Err(e) = r {
            tracing::warn!(error = %e, "the job's state could not be saved; its lease will run out");
        }
    }

    /// [`Worker::run_until`], owning the worker (for `tokio::spawn`).
    pub async fn run_until_owned(self, stop: Arc<AtomicBool>) {
        self.run_until(stop).await
    }

    /// Runs jobs until `stop` is set.
    pub async fn run_until(&self, stop: Arc<AtomicBool>) {
        tracing::info!(worker = %self.id, "worker started");
        if let Err(e) = self.queue.announce(&self.id).await {
            tracing::warn!(error = %e, "other workers cannot tell when this one is gone");
        }
        let lanes = self.start_pumps(&stop);
        let mut next_check = tokio::time::Instant::now();
        while !stop.load(Ordering::Relaxed) {
            // At start, then now and then: the jobs of a worker that died (SIGKILL, a
            // lost host) run again at once instead of after their lease.
            if tokio::time::Instant::now() >= next_check {
                next_check = tokio::time::Instant::now() + ORPHAN_CHECK;
                match self.queue.reclaim_orphaned().await {
                    Ok(0) => {}
                    Ok(n) => tracing::warn!(jobs = n, "resumed the jobs of a worker that is gone"),
                    Err(e) => tracing::warn!(error = %e, "jobs of gone workers not checked"),
                }
            }
            match self.run_one(&stop).await {
                Ok(true) => {}
                Ok(false) => {
                    tokio::select! {
                        _ = tokio::time::sleep(POLL) => {}
                        _ = self.wake.notified() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim jobs");
                    tokio::time::sleep(POLL * 4).await;
                }
            }
        }
        for lane in lanes {
            // A lane ends after its round: a delivery in flight is stored, or its lease
            // runs out and another worker sends it again.
            let _ = tokio::time::timeout(Duration::from_secs(20), lane).await;
        }
        tracing::info!(worker = %self.id, "worker stopped");
    }
}
