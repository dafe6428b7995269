//! The customers use cases that need more than one port call: validating a person
//! against the organisation's phone region before storing it.

use crate::custom_field::FieldResource;
use crate::patch::PersonPatchInput;
use crate::person::{Person, PersonInput};
use crate::ports::{
    CompanyRepository, ConsentRepository, CustomFieldRepository, EmploymentRepository,
    PersonRepository, TagRepository,
};
use chrono::Utc;
use crm_core::{Actor, DomainResult};
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
            .list(actor, FieldResource::Person)
            .await?;
        let new = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.people.create(actor, new).await
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
                .list(actor, FieldResource::Person)
                .await?
        };
        let patch = input.validate(region.as_deref(), Utc::now().date_naive(), &defs)?;
        self.people.update(actor, id, patch, if_version).await
    }
}
