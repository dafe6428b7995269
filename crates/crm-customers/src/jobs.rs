//! The background work the customers area owns, registered by the composition root:
//! imports, and bringing people's cards up to date after a tag is renamed.

use crate::CustomersService;
use crate::import::job::ImportJob;
use async_trait::async_trait;
use crm_core::jobs::{Job, JobEnd, JobHandler};
use crm_core::{DomainError, DomainResult};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The kind of job that refreshes the cards of a renamed tag's carriers; its subject
/// is the tag.
pub const TAG_CARDS: &str = "tag.cards";

/// Refreshes the cards of the people who carry a renamed tag.
pub struct TagCardsJob(pub CustomersService);

#[async_trait]
impl JobHandler for TagCardsJob {
    fn kind(&self) -> &'static str {
        TAG_CARDS
    }

    async fn run(&self, job: &Job, stop: &AtomicBool) -> DomainResult<JobEnd> {
        let org = job
            .org_id
            .ok_or_else(|| DomainError::internal("a tag.cards job has no organisation"))?;
        self.0
            .ports
            .tags
            .refresh_carriers(org, job.subject_id, stop)
            .await
    }
}

/// Every job handler of the customers area.
pub fn handlers(service: &CustomersService) -> Vec<Arc<dyn JobHandler>> {
    vec![
        Arc::new(ImportJob(service.clone())),
        Arc::new(TagCardsJob(service.clone())),
    ]
}
