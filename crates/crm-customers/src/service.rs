//! The customers use cases that need more than one port call: validating a person
//! against the organisation's phone region before storing it.

use crate::batch::{BatchOp, BatchResults, CompanyKey, CompanyOp, MatchKey, write_checked};
use crate::company::{self, Company, CompanyInput, CompanyPatchInput};
use crate::patch::PersonPatchInput;
use crate::person::{Person, PersonInput};
use crate::ports::{
    CompanyRepository, ConsentRepository, CustomFieldRepository, EmploymentRepository,
    PersonRepository, TagRepository,
};
use chrono::Utc;
use crm_core::error::Errors;
use crm_core::{Actor, DomainError, DomainResult, Email};
use std::sync::Arc;
use uuid::Uuid;

/// The customers ports, with the use cases that combine them. Built by the composition
/// root with one adapter per port.
#[derive(Clone)]
pub struct CustomersService {
    pub people: Arc<dyn PersonRepository>,
    pub tags: Arc<dyn TagRepository>,
    pub consents: Arc<dyn ConsentRepository>,
    pub companies: Arc<dyn CompanyRepository>,
    pub employments: Arc<dyn EmploymentRepository>,
    pub custom_fields: Arc<dyn CustomFieldRepository>,
    pub imports: Arc<dyn crate::import::ports::ImportRepository>,
}

impl CustomersService {
    /// Validates and stores a new person.
    pub async fn create_person(&self, actor: &Actor, input: PersonInput) -> DomainResult<Person> {
        let region = if input.phones.is_empty() {
            None
        } else {
            self.people.default_region(actor).await?
        };
        let defs = self
            .custom_fields
            .list(actor, crate::custom_field::PERSON)
            .await?;
        let new = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.people.create(actor, new).await
    }

    /// Validates every item (the region and custom fields are read once), then writes the
    /// valid ones in one transaction. With `atomic`, an invalid item writes nothing.
    pub async fn batch(
        &self,
        actor: &Actor,
        items: Vec<BatchInput>,
        atomic: bool,
    ) -> BatchResults<Person> {
        let region = self.people.default_region(actor).await?;
        let defs = self
            .custom_fields
            .list(actor, crate::custom_field::PERSON)
            .await?;
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
        write_checked(checked, atomic, |ops| self.people.batch(actor, ops, atomic)).await
    }

    /// Validates every company item (the custom fields are read once), then writes the
    /// valid ones in one transaction. With `atomic`, an invalid item writes nothing.
    pub async fn batch_companies(
        &self,
        actor: &Actor,
        items: Vec<CompanyBatchInput>,
        atomic: bool,
    ) -> BatchResults<Company> {
        let defs = self
            .custom_fields
            .list(actor, crate::custom_field::COMPANY)
            .await?;
        let checked: Vec<DomainResult<CompanyOp>> = items
            .into_iter()
            .map(|item| match item {
                BatchInput::Create(c) => c.validate(&defs).map(BatchOp::Create),
                BatchInput::Update { id, patch } => patch
                    .validate(&defs)
                    .map(|patch| BatchOp::Update { id, patch }),
                BatchInput::Upsert { key, create, patch } => {
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
            self.companies.batch(actor, ops, atomic)
        })
        .await
    }

    /// Validates a company against the organisation's company fields and stores it.
    pub async fn create_company(
        &self,
        actor: &Actor,
        input: CompanyInput,
    ) -> DomainResult<Company> {
        let defs = self
            .custom_fields
            .list(actor, crate::custom_field::COMPANY)
            .await?;
        let new = input.validate(&defs)?;
        self.companies.create(actor, new).await
    }

    /// Validates and applies a merge-patch of a company, if the version still matches.
    pub async fn update_company(
        &self,
        actor: &Actor,
        id: Uuid,
        input: CompanyPatchInput,
        if_version: Option<i64>,
    ) -> DomainResult<Company> {
        let defs = if input.custom_fields.is_empty() {
            Vec::new()
        } else {
            self.custom_fields
                .list(actor, crate::custom_field::COMPANY)
                .await?
        };
        let patch = input.validate(&defs)?;
        self.companies.update(actor, id, patch, if_version).await
    }

    /// Validates and applies a merge-patch, if the version still matches.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PersonPatchInput,
        if_version: Option<i64>,
    ) -> DomainResult<Person> {
        let region = if input.sets_phones() {
            self.people.default_region(actor).await?
        } else {
            None
        };
        let defs = if input.custom_fields.is_empty() {
            Vec::new()
        } else {
            self.custom_fields
                .list(actor, crate::custom_field::PERSON)
                .await?
        };
        let patch = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.people.update(actor, id, patch, if_version).await
    }
}

/// One batch item as given, before validation (a person's by default).
#[derive(Debug, Clone)]
pub enum BatchInput<I = PersonInput, P = PersonPatchInput, K = MatchKey> {
    Create(I),
    Update {
        id: Uuid,
        patch: P,
    },
    Upsert {
        key: K,
        create: Box<I>,
        patch: Box<P>,
    },
}

/// One company batch item as given.
pub type CompanyBatchInput = BatchInput<CompanyInput, CompanyPatchInput, CompanyKey>;
