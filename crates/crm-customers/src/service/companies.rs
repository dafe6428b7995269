//! Companies: validated against the organisation's custom fields, then stored; their
//! duplicates, merges and the people who work there.

use super::{CompanyBatchInput, CustomersPorts};
use crate::batch::{BatchOp, BatchResults, CompanyKey, CompanyOp, write_checked};
use crate::company::{self, Company, CompanyInput, CompanyPatchInput};
use crate::custom_field::COMPANY;
use crate::duplicates::{Candidate, rank_companies};
use crate::merge::Merge;
use crm_core::error::Errors;
use crm_core::filter::Filter;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;
use uuid::Uuid;

/// The companies use cases.
#[derive(Clone)]
pub struct Companies(pub(super) Arc<CustomersPorts>);

impl Companies {
    /// Validates a company against the organisation's company fields and stores it.
    pub async fn create(&self, actor: &Actor, input: CompanyInput) -> DomainResult<Company> {
        let defs = self.0.custom_fields.list(actor, COMPANY).await?;
        let new = input.validate(&defs)?;
        self.0.companies.create(actor, new).await
    }

    /// A live company; a merged one is a redirect to its survivor.
    pub async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Company> {
        self.0.companies.get(actor, id).await
    }

    /// Companies matching `filter` and the free text `text` (name, domain).
    pub async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Company>> {
        self.0.companies.list(actor, filter, text, page).await
    }

    /// Validates and applies a merge-patch of a company, if the version still matches.
    pub async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        input: CompanyPatchInput,
        if_version: Option<i64>,
    ) -> DomainResult<Company> {
        let defs = if input.custom_fields.is_empty() {
            Vec::new()
        } else {
            self.0.custom_fields.list(actor, COMPANY).await?
        };
        let patch = input.validate(&defs)?;
        self.0.companies.update(actor, id, patch, if_version).await
    }

    /// Moves the company to the bin, if the version still matches.
    pub async fn delete(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.0.companies.delete(actor, id, if_version).await
    }

    /// Takes the company out of the bin.
    pub async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Company> {
        self.0.companies.restore(actor, id).await
    }

    /// The companies that may be the same as `id`, most likely first.
    pub async fn duplicates(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> DomainResult<Vec<Candidate<Company>>> {
        let (target, candidates) = self.0.companies.duplicate_candidates(actor, id).await?;
        Ok(rank_companies(&target, candidates))
    }

    /// Folds the merge's sources into `id` (nothing written on a dry run).
    pub async fn merge(&self, actor: &Actor, id: Uuid, merge: Merge) -> DomainResult<Company> {
        self.0.companies.merge(actor, id, merge).await
    }

    /// Validates every company item (the custom fields are read once), then writes the
    /// valid ones in one transaction. With `atomic`, an invalid item writes nothing.
    pub async fn batch(
        &self,
        actor: &Actor,
        items: Vec<CompanyBatchInput>,
        atomic: bool,
    ) -> BatchResults<Company> {
        let defs = self.0.custom_fields.list(actor, COMPANY).await?;
        let checked: Vec<DomainResult<CompanyOp>> = items
            .into_iter()
            .map(|item| match item {
                super::BatchInput::Create(c) => c.validate(&defs).map(BatchOp::Create),
                super::BatchInput::Update { id, patch } => patch
                    .validate(&defs)
                    .map(|patch| BatchOp::Update { id, patch }),
                super::BatchInput::Upsert { key, create, patch } => {
                    let key = match key {
                        CompanyKey::Domain(d) => {
                            let mut errors = Errors::new();
                            let bare = company::domain(&mut errors, Some(d));
                            if bare.is_none() {
                                errors.push("domain", "required", "an upsert on domain needs one");
                            }
                            errors.finish(CompanyKey::Domain(bare.unwrap_or_default()))?
                        }
                        other => other,
                    };
                    let create = Box::new(create.validate(&defs));
                    let patch = Box::new(patch.validate(&defs)?);
                    Ok(BatchOp::Upsert { key, create, patch })
                }
            })
            .collect();
        write_checked(checked, atomic, |ops| {
            self.0.companies.batch(actor, ops, atomic)
        })
        .await
    }
}
