//! The import's job: a worker runs the stored file from where it stopped.

use super::JOB_KIND;
use crate::CustomersService;
use async_trait::async_trait;
use crm_core::DomainResult;
use crm_core::jobs::{Job, JobEnd, JobHandler};
use std::sync::atomic::AtomicBool;

/// Runs imports (`import` jobs, subject: the import).
pub struct ImportJob(pub CustomersService);

#[async_trait]
impl JobHandler for ImportJob {
    fn kind(&self) -> &'static str {
        JOB_KIND
    }

    async fn run(&self, job: &Job, stop: &AtomicBool) -> DomainResult<JobEnd> {
        self.0.run_import(job.subject_id, stop).await
    }

    async fn give_up(&self, job: &Job, why: &str) -> DomainResult<()> {
        self.0.give_up_import(job.subject_id, why).await
    }
}
