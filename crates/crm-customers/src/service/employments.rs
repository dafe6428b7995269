//! Who works where: links between people and companies.

use super::CustomersPorts;
use crate::company::Employment;
use crm_core::ids::{CompanyId, PersonId};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;

/// The employment use cases.
#[derive(Clone)]
pub struct Employments(pub(super) Arc<CustomersPorts>);

impl Employments {
    /// Links a person to a company of the same organisation; linking twice is a conflict.
    pub async fn link(
        &self,
        actor: &Actor,
        person_id: PersonId,
        company_id: CompanyId,
        title: Option<String>,
        role: Option<String>,
    ) -> DomainResult<Employment> {
        self.0
            .employments
            .link(actor, person_id, company_id, title, role)
            .await
    }

    /// Ends a person's link to a company.
    pub async fn unlink(
        &self,
        actor: &Actor,
        person_id: PersonId,
        company_id: CompanyId,
    ) -> DomainResult<()> {
        self.0
            .employments
            .unlink(actor, person_id, company_id)
            .await
    }

    /// The companies a person works at.
    pub async fn of_person(
        &self,
        actor: &Actor,
        person_id: PersonId,
    ) -> DomainResult<Vec<Employment>> {
        self.0.employments.of_person(actor, person_id).await
    }

    /// The links of many people at once, each with its company's name (for exports).
    pub async fn of_people(
        &self,
        actor: &Actor,
        person_ids: &[PersonId],
    ) -> DomainResult<Vec<(Employment, String)>> {
        self.0.employments.of_people(actor, person_ids).await
    }

    /// The people working at a company.
    pub async fn of_company(
        &self,
        actor: &Actor,
        company_id: CompanyId,
        page: &PageRequest,
    ) -> DomainResult<Page<Employment>> {
        self.0.employments.of_company(actor, company_id, page).await
    }
}
