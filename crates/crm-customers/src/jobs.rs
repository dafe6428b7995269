//! The background work the customers area owns, registered by the composition root:
//! imports, and bringing people's cards up to date after a tag is renamed or deleted.

use crate::CustomersService;
use async_trait::async_trait;
use crm_core::jobs::{Job, JobEnd, JobHandler};
use crm_core::{DomainError, DomainResult};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The kind of job that refreshes the cards of a renamed tag's carriers; its subject
/// is the tag.
pub const TAG_CARDS: &str = "tag.cards";

/// The kind of job that takes a deleted tag off the cards of the people who carried
/// it; its subject is the tag, its payload [`DeletedTag`].
pub const TAG_DELETED_CARDS: &str = "tag.deleted.cards";

/// What a [`TAG_DELETED_CARDS`] job needs: the tag's links went with it, so the cards
/// that still show it are found by its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedTag {
    pub name: String,
}

/// Refreshes the cards of the people who carry a renamed tag.
pub struct TagCardsJob(pub CustomersService);

#[async_trait]
impl JobHandler for TagCardsJob {
    fn kind(&self) -> &'static str {
        TAG_CARDS
    }

    async fn run(&self, job: &Job, stop: &AtomicBool) -> DomainResult<JobEnd> {
        let org = organisation(job)?;
        self.0
            .ports
            .tags
            .refresh_carriers(org, job.subject_id, stop)
            .await
    }
}

/// Takes a deleted tag off the cards of the people who carried it.
pub struct TagDeletedCardsJob(pub CustomersService);

#[async_trait]
impl JobHandler for TagDeletedCardsJob {
    fn kind(&self) -> &'static str {
        TAG_DELETED_CARDS
    }

    async fn run(&self, job: &Job, stop: &AtomicBool) -> DomainResult<JobEnd> {
        let org = organisation(job)?;
        let tag: DeletedTag = job
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or_else(|| DomainError::internal("a tag.deleted.cards job has no tag name"))?;
        self.0
            .ports
            .tags
            .refresh_former_carriers(org, &tag.name, stop)
            .await
    }
}

/// The organisation a tag job works for; every one is queued with it.
fn organisation(job: &Job) -> DomainResult<crm_core::ids::OrgId> {
    job.org_id
        .ok_or_else(|| DomainError::internal(format!("a {} job has no organisation", job.kind)))
}

/// Every job handler of the customers area.
pub fn handlers(service: &CustomersService) -> Vec<Arc<dyn JobHandler>> {
    vec![
        service.imports.job(),
        Arc::new(TagCardsJob(service.clone())),
        Arc::new(TagDeletedCardsJob(service.clone())),
    ]
}
