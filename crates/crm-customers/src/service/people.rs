//! People: validated against the organisation's phone region and custom fields, then
//! stored; their history, duplicates, merges and erasure.

use super::{BatchInput, CustomersPorts};
use crate::batch::{BatchOp, BatchResults, MatchKey, write_checked};
use crate::custom_field::PERSON;
use crate::duplicates::{Candidate, rank};
use crate::merge::Merge;
use crate::patch::PersonPatchInput;
use crate::person::{NewPerson, Person, PersonInput, PersonPatch};
use crate::ports::LifecycleChange;
use chrono::{DateTime, Utc};
use crm_core::ids::PersonId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult, Email};
use crm_records::records::Records;
use std::ops::Deref;
use std::sync::Arc;

/// The people use cases: the shared record ones (get, list, delete, restore, through
/// `Deref`) and what only people have. A person's create and update are their own: the
/// check needs the organisation's phone region too.
#[derive(Clone)]
pub struct People {
    records: Records<Person, NewPerson, PersonPatch>,
    ports: Arc<CustomersPorts>,
}

impl Deref for People {
    type Target = Records<Person, NewPerson, PersonPatch>;
    fn deref(&self) -> &Self::Target {
        &self.records
    }
}

impl People {
    pub(super) fn new(ports: Arc<CustomersPorts>) -> Self {
        let store = ports.people.clone();
        let records = Records::new(store, ports.custom_fields.clone(), PERSON);
        Self { records, ports }
    }

    /// Validates and stores a new person.
    pub async fn create(&self, actor: &Actor, input: PersonInput) -> DomainResult<Person> {
        let region = if input.phones.is_empty() {
            None
        } else {
            self.ports.people.default_region(actor).await?
        };
        let defs = self.fields(actor).await?;
        let new = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.ports.people.create(actor, new).await
    }

    /// Validates and applies a merge-patch, if the version still matches.
    pub async fn update(
        &self,
        actor: &Actor,
        id: PersonId,
        input: PersonPatchInput,
        if_version: Option<i64>,
    ) -> DomainResult<Person> {
        let region = if input.sets_phones() {
            self.ports.people.default_region(actor).await?
        } else {
            None
        };
        let defs = if input.custom_fields.is_empty() {
            Vec::new()
        } else {
            self.fields(actor).await?
        };
        let patch = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.ports.people.update(actor, id, patch, if_version).await
    }

    /// The person's lifecycle stage changes, oldest first.
    pub async fn lifecycle_history(
        &self,
        actor: &Actor,
        id: PersonId,
        page: &PageRequest,
    ) -> DomainResult<Page<LifecycleChange>> {
        self.ports.people.lifecycle_history(actor, id, page).await
    }

    /// Removes the person's personal data everywhere; returns when it was done.
    pub async fn erase(&self, actor: &Actor, id: PersonId) -> DomainResult<DateTime<Utc>> {
        self.ports.people.erase(actor, id).await
    }

    /// The people who may be the same as `id`, most likely first.
    pub async fn duplicates(
        &self,
        actor: &Actor,
        id: PersonId,
    ) -> DomainResult<Vec<Candidate<Person>>> {
        let (target, candidates) = self.ports.people.duplicate_candidates(actor, id).await?;
        Ok(rank(&target, candidates))
    }

    /// Folds the merge's sources into `id` (nothing written on a dry run).
    pub async fn merge(
        &self,
        actor: &Actor,
        id: PersonId,
        merge: Merge<PersonId>,
    ) -> DomainResult<Person> {
        self.ports.people.merge(actor, id, merge).await
    }

    /// Validates every item (the region and custom fields are read once), then writes the
    /// valid ones in one transaction. With `atomic`, an invalid item writes nothing.
    pub async fn batch(
        &self,
        actor: &Actor,
        items: Vec<BatchInput>,
        atomic: bool,
    ) -> BatchResults<Person> {
        let region = self.ports.people.default_region(actor).await?;
        let defs = self.fields(actor).await?;
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
            self.ports.people.batch(actor, ops, atomic)
        })
        .await
    }
}
