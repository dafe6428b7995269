//! The ports persistence implements for the customers area. Every method takes the
//! [`Actor`]: its organisation scopes the query, and changes are journaled with it.

use crate::batch::{BatchOp, BatchResults, CompanyOp};
use crate::company::{Company, CompanyPatch, Employment, NewCompany};
use crate::consent::{ConsentEntry, NewConsent};
use crate::lifecycle::LifecycleStage;
use crate::merge::Merge;
use crate::person::{NewPerson, Person, PersonPatch};
use crate::tag::Tag;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::ids::{CompanyId, OrgId, PersonId};
use crm_core::jobs::JobEnd;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
pub use crm_records::ports::RecordStore;
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use uuid::Uuid;

/// One recorded change of a person's lifecycle stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifecycleChange {
    pub id: Uuid,
    pub from_stage: Option<LifecycleStage>,
    pub to_stage: LifecycleStage,
    pub changed_at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
}

/// People: the shared record store (create, read, list, update, delete, restore; an
/// update's change of stage is checked against the lifecycle rules and recorded in its
/// history) and what only people have.
#[async_trait]
pub trait PersonRepository: RecordStore<Person, NewPerson, PersonPatch> {
    async fn lifecycle_history(
        &self,
        actor: &Actor,
        id: PersonId,
        page: &PageRequest,
    ) -> DomainResult<Page<LifecycleChange>>;
    /// Runs `ops` in one transaction, each in a savepoint so it stands alone. With
    /// `atomic`, one failure rolls back every item. One result per op, in order.
    async fn batch(&self, actor: &Actor, ops: Vec<BatchOp>, atomic: bool) -> BatchResults<Person>;
    /// Removes the person's personal data everywhere (contact points, names, consent
    /// proofs, custom values, links, and the copies in the audit log and outbox), keeping
    /// the row and its lifecycle history so counts still hold. Returns when it was done.
    async fn erase(
        &self,
        actor: &Actor,
        id: PersonId,
    ) -> DomainResult<chrono::DateTime<chrono::Utc>>;
    /// The person and the live people who share an email or a phone with them, or a first
    /// or last name (case-insensitive): the candidates duplicate ranking looks at.
    async fn duplicate_candidates(
        &self,
        actor: &Actor,
        id: PersonId,
    ) -> DomainResult<(Person, Vec<Person>)>;
    /// Folds `merge.sources` into the survivor `id` in one transaction (rolled back on a
    /// dry run) and returns the survivor as it is (or would be) afterwards.
    async fn merge(
        &self,
        actor: &Actor,
        id: PersonId,
        merge: Merge<PersonId>,
    ) -> DomainResult<Person>;
    /// The organisation's default region for phone numbers without a country code.
    async fn default_region(&self, actor: &Actor) -> DomainResult<Option<String>>;
}

/// Companies: the shared record store and what only companies have.
#[async_trait]
pub trait CompanyRepository: RecordStore<Company, NewCompany, CompanyPatch> {
    /// The live company `id` and the companies that share its domain or whose names
    /// begin alike, for [`crate::duplicates::rank_companies`].
    async fn duplicate_candidates(
        &self,
        actor: &Actor,
        id: CompanyId,
    ) -> DomainResult<(Company, Vec<Company>)>;
    /// Folds `merge.sources` into `id` in one transaction (rolled back on a dry run).
    async fn merge(
        &self,
        actor: &Actor,
        id: CompanyId,
        merge: Merge<CompanyId>,
    ) -> DomainResult<Company>;
    /// Runs `ops` in one transaction, each in a savepoint so it stands alone. With
    /// `atomic`, one failure rolls back every item. One result per op, in order.
    async fn batch(
        &self,
        actor: &Actor,
        ops: Vec<CompanyOp>,
        atomic: bool,
    ) -> BatchResults<Company>;
}

/// Who works where: links between people and companies, with a title and a role.
#[async_trait]
pub trait EmploymentRepository: Send + Sync {
    /// Links a person to a company (both of the actor's organisation); linking twice is a 409.
    async fn link(
        &self,
        actor: &Actor,
        person_id: PersonId,
        company_id: CompanyId,
        title: Option<String>,
        role: Option<String>,
    ) -> DomainResult<Employment>;
    async fn unlink(
        &self,
        actor: &Actor,
        person_id: PersonId,
        company_id: CompanyId,
    ) -> DomainResult<()>;
    /// The companies a person works at.
    async fn of_person(&self, actor: &Actor, person_id: PersonId) -> DomainResult<Vec<Employment>>;
    /// The links of many people at once, each with its company's name (for exports).
    async fn of_people(
        &self,
        actor: &Actor,
        person_ids: &[PersonId],
    ) -> DomainResult<Vec<(Employment, String)>>;
    /// The people working at a company.
    async fn of_company(
        &self,
        actor: &Actor,
        company_id: CompanyId,
        page: &PageRequest,
    ) -> DomainResult<Page<Employment>>;
}

pub use crm_records::ports::CustomFieldRepository;

/// The consent ledger of a person: append-only.
#[async_trait]
pub trait ConsentRepository: Send + Sync {
    /// Appends an entry; the person's current state follows from the whole ledger.
    async fn record(
        &self,
        actor: &Actor,
        person_id: PersonId,
        entry: NewConsent,
    ) -> DomainResult<ConsentEntry>;
    /// The ledger, oldest first.
    async fn ledger(
        &self,
        actor: &Actor,
        person_id: PersonId,
        page: &PageRequest,
    ) -> DomainResult<Page<ConsentEntry>>;
}

#[async_trait]
pub trait TagRepository: Send + Sync {
    /// The catalogue, or the tags whose name holds `q` (case-insensitive).
    async fn list(
        &self,
        actor: &Actor,
        q: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Tag>>;
    async fn create(&self, actor: &Actor, name: String) -> DomainResult<Tag>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Tag>;
    /// Renames the tag everywhere it is carried (a name already in the catalogue is a
    /// conflict); no name, or the same, changes nothing. `if_version` guards it like
    /// `If-Match`.
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        name: Option<String>,
        if_version: Option<i64>,
    ) -> DomainResult<Tag>;
    /// Removes the tag from the catalogue and from every record that carries it (the
    /// links at once, so no filter finds it; the people's cards in a
    /// [`crate::jobs::TAG_DELETED_CARDS`] job queued in the same transaction).
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
    /// Brings the cards of the people of `org` who carry tag `id` up to date with its
    /// name, a short transaction per chunk of people, until done or `stop` is set.
    async fn refresh_carriers(
        &self,
        org: OrgId,
        id: Uuid,
        stop: &AtomicBool,
    ) -> DomainResult<JobEnd>;
    /// Brings up to date the cards of the people of `org` that still show the deleted tag
    /// `name`, a short transaction per chunk of people, until done or `stop` is set.
    async fn refresh_former_carriers(
        &self,
        org: OrgId,
        name: &str,
        stop: &AtomicBool,
    ) -> DomainResult<JobEnd>;
}
