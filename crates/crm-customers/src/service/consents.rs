//! A person's consent ledger: append-only, the current state read from the whole ledger.

use super::CustomersPorts;
use crate::consent::{ConsentEntry, NewConsent};
use crm_core::ids::PersonId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;

/// The consent use cases.
#[derive(Clone)]
pub struct Consents(pub(super) Arc<CustomersPorts>);

impl Consents {
    /// Appends an entry to the person's ledger.
    pub async fn record(
        &self,
        actor: &Actor,
        person_id: PersonId,
        entry: NewConsent,
    ) -> DomainResult<ConsentEntry> {
        self.0.consents.record(actor, person_id, entry).await
    }

    /// The person's ledger, oldest first.
    pub async fn ledger(
        &self,
        actor: &Actor,
        person_id: PersonId,
        page: &PageRequest,
    ) -> DomainResult<Page<ConsentEntry>> {
        self.0.consents.ledger(actor, person_id, page).await
    }
}
