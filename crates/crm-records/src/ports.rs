//! The ports every record resource's repository implements, whatever its area: the
//! store of one resource (create, read, list, update, delete, restore) and the custom
//! field definitions its writes are checked against.

use crate::batch::{BatchOp, BatchResults};
use crate::custom_field::{CustomField, CustomFieldPatch, FieldResource, NewCustomField};
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use uuid::Uuid;

/// What a record resource's reads return, and the typed id that names its records
/// (`crm_core::ids::PersonId` for a `Person`), so one resource's id cannot be passed
/// where another's is wanted.
pub trait Identified {
    type Id: Copy + Send + Sync + From<Uuid> + Into<Uuid> + 'static;
}

/// The store of one record resource: `T` is what reads return, `N` a checked new record,
/// `P` a checked patch. A resource's repository port extends it with what is its own
/// (merge, duplicates, batches…).
#[async_trait]
pub trait RecordStore<T: Identified, N, P>: Send + Sync {
    async fn create(&self, actor: &Actor, new: N) -> DomainResult<T>;
    /// A live record; a merged one is a redirect to its survivor.
    async fn get(&self, actor: &Actor, id: T::Id) -> DomainResult<T>;
    /// Records matching `filter` and the free text `text` (each resource says what it
    /// matches).
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<T>>;
    /// Applies `patch` if the version is still `if_version` (when given).
    async fn update(
        &self,
        actor: &Actor,
        id: T::Id,
        patch: P,
        if_version: Option<i64>,
    ) -> DomainResult<T>;
    /// Moves the record to the bin, if the version is still `if_version` (when given).
    async fn delete(&self, actor: &Actor, id: T::Id, if_version: Option<i64>) -> DomainResult<()>;
    /// Takes the record out of the bin.
    async fn restore(&self, actor: &Actor, id: T::Id) -> DomainResult<T>;
}

/// The batch writes of one record resource: checked ops (`K` is its upsert key), each
/// in its own savepoint of one transaction, one result per op in order; with `atomic`,
/// one failure rolls every op back.
#[async_trait]
pub trait BatchStore<T, N, P, K>: Send + Sync {
    async fn batch(
        &self,
        actor: &Actor,
        ops: Vec<BatchOp<N, P, K>>,
        atomic: bool,
    ) -> BatchResults<T>;
}

/// Custom field definitions.
#[async_trait]
pub trait CustomFieldRepository: Send + Sync {
    /// The organisation's fields of `resource`, in creation order.
    async fn list(&self, actor: &Actor, resource: FieldResource) -> DomainResult<Vec<CustomField>>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<CustomField>;
    /// A key taken for the resource is a 409.
    async fn create(&self, actor: &Actor, field: NewCustomField) -> DomainResult<CustomField>;
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        patch: CustomFieldPatch,
        if_version: Option<i64>,
    ) -> DomainResult<CustomField>;
    /// Removes the definition and every value of it, if its version is `if_version` (when given).
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
}
