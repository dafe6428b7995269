//! People: validated against the organisation's phone region and custom fields, then
//! stored; their history, duplicates, merges and erasure.

use super::{BatchInput, CustomersPorts};
use crate::batch::{BatchOp, BatchResults, MatchKey, write_checked};
use crate::custom_field::PERSON;
use crate::duplicates::{Candidate, rank};
use crate::merge::Merge;
use crate::patch::PersonPatchInput;
use crate::person::{Person, PersonInput};
use crate::ports::LifecycleChange;
use chrono::{DateTime, Utc};
use crm_core::filter::Filter;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult, Email};
use std::sync::Arc;
use uuid::Uuid;

/// The people use cases.
#[derive(Clone)]
pub struct People(pub(super) Arc<CustomersPorts>);

impl People {
    /// Validates and stores a new person.
    pub async fn create(&self, actor: &Actor, input: PersonInput) -> DomainResult<Person> {
        let region = if input.phones.is_empty() {
            None
        } else {
            self.0.people.default_region(actor).await?
        };
        let defs = self.0.custom_fields.list(actor, PERSON).await?;
        let new = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.0.people.create(actor, new).await
    }

    /// A live person; a merged one is a redirect to its survivor.
    pub async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Person> {
        self.0.people.get(actor, id).await
    }

    /// People matching `filter` and the free text `text` (names, emails, phones).
    pub async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Person>> {
        self.0.people.list(actor, filter, text, page).await
    }

    /// Validates and applies a merge-patch, if the version still matches.
    pub async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PersonPatchInput,
        if_version: Option<i64>,
    ) -> DomainResult<Person> {
        let region = if input.sets_phones() {
            self.0.people.default_region(actor).await?
        } else {
            None
        };
        let defs = if input.custom_fields.is_empty() {
            Vec::new()
        } else {
            self.0.custom_fields.list(actor, PERSON).await?
        };
        let patch = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.0.people.update(actor, id, patch, if_version).await
    }

    /// Moves the person to the bin, if the version still matches.
    pub async fn delete(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.0.people.delete(actor, id, if_version).await
    }

    /// Takes the person out of the bin.
    pub async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Person> {
        self.0.people.restore(actor, id).await
    }

    /// The person's lifecycle stage changes, oldest first.
    pub async fn lifecycle_history(
        &self,
        actor: &Actor,
        id: Uuid,
        page: &PageRequest,
    ) -> DomainResult<Page<LifecycleChange>> {
        self.0.people.lifecycle_history(actor, id, page).await
    }

    /// Removes the person's personal data everywhere; returns when it was done.
    pub async fn erase(&self, actor: &Actor, id: Uuid) -> DomainResult<DateTime<Utc>> {
        self.0.people.erase(actor, id).await
    }

    /// The people who may be the same as `id`, most likely first.
    pub async fn duplicates(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> DomainResult<Vec<Candidate<Person>>> {
        let (target, candidates) = self.0.people.duplicate_candidates(actor, id).await?;
        Ok(rank(&target, candidates))
    }

    /// Folds the merge's sources into `id` (nothing written on a dry run).
    pub async fn merge(&self, actor: &Actor, id: Uuid, merge: Merge) -> DomainResult<Person> {
        self.0.people.merge(actor, id, merge).await
    }

    /// Validates every item (the region and custom fields are read once), then writes the
    /// valid ones in one transaction. With `atomic`, an invalid item writes nothing.
    pub async fn batch(
        &self,
        actor: &Actor,
        items: Vec<BatchInput>,
        atomic: bool,
    ) -> BatchResults<Person> {
        let region = self.0.people.default_region(actor).await?;
        let defs = self.0.custom_fields.list(actor, PERSON).await?;
        let today = Utc::now().date_naive();
        let checked: Vec<DomainResult<BatchOp>> = items
            .into_iter()
            .map(|item| match item {
                BatchInput::Create(p) => p
                    .validate(region.as_deref(), today, &defs)
                    .map(BatchOp::Create),
                BatchInput::Update { id, patch } => patch
                    .validate(region.as_deref(), today, &defs)
                    .map(|patch| BatchOp::Update { id, patch }),
                BatchInput::Upsert { key, create, patch } => {
                    let key = match key {
                        MatchKey::Email(e) => Email::parse(&e, "match_on")
                            .map(|e| MatchKey::Email(e.into_inner()))
                            .map_err(|e| DomainError::Validation(vec![e]))?,
                        other => other,
                    };
                    let create = Box::new(create.validate(region.as_deref(), today, &defs));
                    let patch = Box::new(patch.validate(region.as_deref(), today, &defs)?);
                    Ok(BatchOp::Upsert { key, create, patch })
                }
            })
            .collect();
        write_checked(checked, atomic, |ops| {
            self.0.people.batch(actor, ops, atomic)
        })
        .await
    }
}
