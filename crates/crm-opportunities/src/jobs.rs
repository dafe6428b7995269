//! The background work the opportunities area owns: running order and opportunity
//! imports, and keeping lead scores current. A rule write queues `scores.rule` for
//! that rule; a sweep (`scores.sweep`, one chain per organisation while it has rules)
//! rescores every minute the people whose facts changed since the last sweep, and once
//! a day everyone's decaying points.

use crate::OpportunitiesService;
use crate::ports::ScoringRepository;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::jobs::{Job, JobEnd, JobHandler};
use crm_core::{DomainError, DomainResult};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Recomputes one rule's points for every person; subject the rule.
pub const SCORES_RULE: &str = "scores.rule";
/// Rescores the people whose facts changed; subject the organisation, payload [`Sweep`].
pub const SCORES_SWEEP: &str = "scores.sweep";
/// Seconds between two sweeps of an organisation.
pub const SWEEP_EVERY_SECONDS: i64 = 60;
/// How far before the previous sweep's start a sweep looks again: a change written by a
/// transaction that began before that start but committed after it is still seen, if
/// the transaction took less than this.
pub const SWEEP_OVERLAP_SECONDS: i64 = 30;

/// Where a sweep starts: the previous one's start, and the day decaying points were
/// last recomputed for everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sweep {
    pub since: DateTime<Utc>,
    pub decayed_on: Option<NaiveDate>,
}

impl Sweep {
    /// Whether this sweep also recomputes everyone's decaying points (once a day).
    pub fn decays(&self, now: DateTime<Utc>) -> bool {
        self.decayed_on != Some(now.date_naive())
    }

    /// The changes this sweep looks at: those at or after its `since`, less the overlap.
    pub fn from(&self) -> DateTime<Utc> {
        self.since - chrono::Duration::seconds(SWEEP_OVERLAP_SECONDS)
    }
}

/// Runs [`SCORES_RULE`].
struct RuleJob(Arc<dyn ScoringRepository>);

#[async_trait]
impl JobHandler for RuleJob {
    fn kind(&self) -> &'static str {
        SCORES_RULE
    }

    async fn run(&self, job: &Job, _stop: &AtomicBool) -> DomainResult<JobEnd> {
        let org = job
            .org_id
            .ok_or_else(|| DomainError::internal("a rule rescore has no organisation"))?;
        self.0.rescore_rule(org, job.subject_id).await?;
        Ok(JobEnd::Done)
    }
}

/// Runs [`SCORES_SWEEP`].
struct SweepJob(Arc<dyn ScoringRepository>);

#[async_trait]
impl JobHandler for SweepJob {
    fn kind(&self) -> &'static str {
        SCORES_SWEEP
    }

    async fn run(&self, job: &Job, _stop: &AtomicBool) -> DomainResult<JobEnd> {
        let (org, sweep) = sweep_of(job)?;
        self.0.refresh(org, sweep).await?;
        Ok(JobEnd::Done)
    }

    /// A sweep that failed its last attempt does not end the organisation's sweeps: the
    /// next one starts where this one would have, a minute later.
    async fn give_up(&self, job: &Job, _why: &str) -> DomainResult<()> {
        let (org, sweep) = sweep_of(job)?;
        self.0.queue_sweep(org, sweep).await
    }
}

/// The organisation and the start of a sweep job.
fn sweep_of(job: &Job) -> DomainResult<(crm_core::ids::OrgId, Sweep)> {
    let org = job
        .org_id
        .ok_or_else(|| DomainError::internal("a score sweep has no organisation"))?;
    let sweep: Sweep = job
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .ok_or_else(|| DomainError::internal("a score sweep has no start"))?;
    Ok((org, sweep))
}

/// Every job this area runs.
pub fn handlers(service: &OpportunitiesService) -> Vec<Arc<dyn JobHandler>> {
    let scoring = service.scoring_store();
    vec![
        service.order_import_job(),
        service.opportunity_import_job(),
        Arc::new(RuleJob(scoring.clone())),
        Arc::new(SweepJob(scoring)),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_sweep_decays_once_a_day_and_looks_back_past_its_start() {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
        let fresh = Sweep {
            since: now,
            decayed_on: Some(now.date_naive()),
        };
        assert!(!fresh.decays(now));
        assert!(fresh.decays(now + chrono::Duration::days(1)));
        assert!(
            Sweep {
                since: now,
                decayed_on: None
            }
            .decays(now)
        );
        assert_eq!(
            fresh.from(),
            now - chrono::Duration::seconds(SWEEP_OVERLAP_SECONDS)
        );
    }
}
