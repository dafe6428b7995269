//! The opportunities area's use cases: each checks its input, then calls one port.

use crate::custom_field::OPPORTUNITY;
use crate::opportunity::{NewOpportunity, Opportunity, OpportunityId, OpportunityPatch, StageMove};
use crate::pipeline::{Pipeline, PipelineInput};
use crate::ports::OpportunitiesPorts;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use crm_records::records::Records;
use uuid::Uuid;

/// The opportunities area, as the API calls it.
#[derive(Clone)]
pub struct OpportunitiesService {
    /// Opportunities: checked against the organisation's custom fields, then stored.
    pub opportunities: Records<Opportunity, NewOpportunity, OpportunityPatch>,
    ports: OpportunitiesPorts,
}

impl OpportunitiesService {
    pub fn new(ports: OpportunitiesPorts) -> Self {
        Self {
            opportunities: Records::new(
                ports.opportunities.clone(),
                ports.custom_fields.clone(),
                OPPORTUNITY,
            ),
            ports,
        }
    }

    /// A page of an opportunity's stage moves, its creation first.
    pub async fn stage_moves(
        &self,
        actor: &Actor,
        id: OpportunityId,
        page: &PageRequest,
    ) -> DomainResult<Page<StageMove>> {
        self.ports.opportunities.stage_moves(actor, id, page).await
    }

    /// The organisation's pipelines, oldest first.
    pub async fn pipelines(&self, actor: &Actor) -> DomainResult<Vec<Pipeline>> {
        self.ports.pipelines.list(actor).await
    }

    /// One pipeline with its stages.
    pub async fn pipeline(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline> {
        self.ports.pipelines.get(actor, id).await
    }

    /// Checks and adds a pipeline (with the default stages when none are given).
    pub async fn create_pipeline(
        &self,
        actor: &Actor,
        input: PipelineInput,
    ) -> DomainResult<Pipeline> {
        self.ports
            .pipelines
            .create(actor, input.validate(None)?)
            .await
    }

    /// Checks a patch over the stored pipeline and stores it if the pipeline is still
    /// the version checked (`if_version` if given).
    pub async fn update_pipeline(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PipelineInput,
        if_version: Option<i64>,
    ) -> DomainResult<Pipeline> {
        let stored = self.ports.pipelines.get(actor, id).await?;
        let checked = input.validate(Some(&stored))?;
        let version = if_version.unwrap_or(stored.version);
        self.ports
            .pipelines
            .update(actor, id, checked, version)
            .await
    }

    /// Deletes a pipeline (restorable).
    pub async fn delete_pipeline(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.ports.pipelines.delete(actor, id, if_version).await
    }

    /// Takes a deleted pipeline out of the bin.
    pub async fn restore_pipeline(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline> {
        self.ports.pipelines.restore(actor, id).await
    }
}
