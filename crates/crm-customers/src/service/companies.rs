//! Companies: validated against the organisation's custom fields, then stored; their
//! duplicates, merges and the people who work there.

use super::{CompanyBatchInput, CustomersPorts};
use crate::batch::{BatchOp, BatchResults, CompanyKey, CompanyOp, write_checked};
use crate::company::{self, Company, CompanyPatch, NewCompany};
use crate::custom_field::COMPANY;
use crate::duplicates::{Candidate, rank_companies};
use crate::merge::Merge;
use crm_core::error::Errors;
use crm_core::ids::CompanyId;
use crm_core::{Actor, DomainResult};
use crm_records::records::Records;
use std::ops::Deref;
use std::sync::Arc;

/// The companies use cases: the shared record ones (create, get, list, update, delete,
/// restore, through `Deref`) and duplicates, merge and batches.
#[derive(Clone)]
pub struct Companies {
    records: Records<Company, NewCompany, CompanyPatch>,
    ports: Arc<CustomersPorts>,
}

impl Deref for Companies {
    type Target = Records<Company, NewCompany, CompanyPatch>;
    fn deref(&self) -> &Self::Target {
        &self.records
    }
}

impl Companies {
    pub(super) fn new(ports: Arc<CustomersPorts>) -> Self {
        let store = ports.companies.clone();
        let records = Records::new(store, ports.custom_fields.clone(), COMPANY);
        Self { records, ports }
    }

    /// The companies that may be the same as `id`, most likely first.
    pub async fn duplicates(
        &self,
        actor: &Actor,
        id: CompanyId,
    ) -> DomainResult<Vec<Candidate<Company>>> {
        let (target, candidates) = self.ports.companies.duplicate_candidates(actor, id).await?;
        Ok(rank_companies(&target, candidates))
    }

    /// Folds the merge's sources into `id` (nothing written on a dry run).
    pub async fn merge(
        &self,
        actor: &Actor,
        id: CompanyId,
        merge: Merge<CompanyId>,
    ) -> DomainResult<Company> {
        self.ports.companies.merge(actor, id, merge).await
    }

    /// Validates every company item (the custom fields are read once), then writes the
    /// valid ones in one transaction. With `atomic`, an invalid item writes nothing.
    pub async fn batch(
        &self,
        actor: &Actor,
        items: Vec<CompanyBatchInput>,
        atomic: bool,
    ) -> BatchResults<Company> {
        let defs = self.fields(actor).await?;
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
            self.ports.companies.batch(actor, ops, atomic)
        })
        .await
    }
}
