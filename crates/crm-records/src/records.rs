//! The use cases every record resource shares: check the input against the
//! organisation's custom fields of the resource, then call its store. A resource's
//! service handle holds a `Records` and adds what is its own.

use crate::batch::{BatchOp, BatchResults, write_checked};
use crate::custom_field::{CustomField, FieldResource};
use crate::ports::{BatchStore, CustomFieldRepository, Identified, RecordStore};
use crm_core::filter::Filter;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;

/// An input from the wire that becomes `T` once checked against the organisation's
/// custom field definitions (every field error collected into one 422).
pub trait Checks<T> {
    /// Whether the check needs the definitions; a patch that sets no custom field does
    /// not, and its write then reads none.
    fn reads_fields(&self) -> bool {
        true
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<T>;
}

/// A new record's tags and custom field values, checked, every error collected into `e`
/// (what each resource's input check does with them).
pub fn new_tags_and_fields(
    e: &mut crm_core::error::Errors,
    tags: &[String],
    defs: &[CustomField],
    given: &serde_json::Map<String, serde_json::Value>,
) -> (
    Vec<String>,
    Vec<(CustomField, crate::custom_field::FieldValue)>,
) {
    let tags = crate::tag::tag_names(tags, "tags")
        .map_err(|x| e.extend(x))
        .unwrap_or_default();
    let values = crate::custom_field::check_all(defs, given, true)
        .map_err(|x| e.extend(x))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(d, v)| v.map(|v| (d, v)))
        .collect();
    (tags, values)
}

/// A patch's tags (replaced whole; `null` clears) and custom field changes (a value
/// sets, `null` clears), checked, every error collected into `e`.
#[allow(clippy::type_complexity)]
pub fn patched_tags_and_fields(
    e: &mut crm_core::error::Errors,
    tags: crate::text::Field<Vec<String>>,
    defs: &[CustomField],
    given: &serde_json::Map<String, serde_json::Value>,
) -> (
    Option<Vec<String>>,
    Vec<(CustomField, Option<crate::custom_field::FieldValue>)>,
) {
    let tags = tags.map(|v| {
        crate::tag::tag_names(&v.unwrap_or_default(), "tags")
            .map_err(|x| e.extend(x))
            .unwrap_or_default()
    });
    let values = if given.is_empty() {
        Vec::new()
    } else {
        crate::custom_field::check_all(defs, given, false)
            .map_err(|x| e.extend(x))
            .unwrap_or_default()
    };
    (tags, values)
}

/// The shared use cases of one record resource: `T` is what reads return, `N` a new
/// record and `P` a patch, as its store takes them.
pub struct Records<T: Identified, N, P> {
    store: Arc<dyn RecordStore<T, N, P>>,
    fields: Arc<dyn CustomFieldRepository>,
    resource: FieldResource,
}

impl<T: Identified, N, P> Clone for Records<T, N, P> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            fields: self.fields.clone(),
            resource: self.resource,
        }
    }
}

impl<T: Identified, N, P> Records<T, N, P> {
    pub fn new(
        store: Arc<dyn RecordStore<T, N, P>>,
        fields: Arc<dyn CustomFieldRepository>,
        resource: FieldResource,
    ) -> Self {
        Self {
            store,
            fields,
            resource,
        }
    }

    /// The organisation's custom fields of this resource.
    pub async fn fields(&self, actor: &Actor) -> DomainResult<Vec<CustomField>> {
        self.fields.list(actor, self.resource).await
    }

    /// Checks `input` and stores the new record.
    pub async fn create(&self, actor: &Actor, input: impl Checks<N>) -> DomainResult<T> {
        let new = input.check(&self.fields(actor).await?)?;
        self.store.create(actor, new).await
    }

    /// A live record; a merged one is a redirect to its survivor.
    pub async fn get(&self, actor: &Actor, id: T::Id) -> DomainResult<T> {
        self.store.get(actor, id).await
    }

    /// Records matching `filter` and the free text `text`.
    pub async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<T>> {
        self.store.list(actor, filter, text, page).await
    }

    /// Checks and applies a merge-patch, if the version still matches.
    pub async fn update(
        &self,
        actor: &Actor,
        id: T::Id,
        input: impl Checks<P>,
        if_version: Option<i64>,
    ) -> DomainResult<T> {
        let defs = if input.reads_fields() {
            self.fields(actor).await?
        } else {
            Vec::new()
        };
        let patch = input.check(&defs)?;
        self.store.update(actor, id, patch, if_version).await
    }

    /// Moves the record to the bin, if the version still matches.
    pub async fn delete(
        &self,
        actor: &Actor,
        id: T::Id,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.store.delete(actor, id, if_version).await
    }

    /// Takes the record out of the bin.
    pub async fn restore(&self, actor: &Actor, id: T::Id) -> DomainResult<T> {
        self.store.restore(actor, id).await
    }

    /// Checks every item of a batch against the custom fields (read once), then writes
    /// the valid ones through `store` in one transaction; an invalid item answers with
    /// its error. With `atomic`, one invalid item writes nothing.
    pub async fn batch<I, Q, K>(
        &self,
        actor: &Actor,
        store: &dyn BatchStore<T, N, P, K>,
        items: Vec<BatchOp<I, Q, K>>,
        atomic: bool,
    ) -> BatchResults<T>
    where
        I: Checks<N>,
        Q: Checks<P>,
    {
        let defs = self.fields(actor).await?;
        let checked: Vec<DomainResult<BatchOp<N, P, K>>> = items
            .into_iter()
            .map(|item| match item {
                BatchOp::Create(i) => i.check(&defs).map(BatchOp::Create),
                BatchOp::Update { id, patch } => patch
                    .check(&defs)
                    .map(|patch| BatchOp::Update { id, patch }),
                BatchOp::Upsert { key, create, patch } => {
                    let create = Box::new((*create).and_then(|i| i.check(&defs)));
                    let patch = Box::new((*patch).check(&defs)?);
                    Ok(BatchOp::Upsert { key, create, patch })
                }
            })
            .collect();
        write_checked(checked, atomic, |ops| store.batch(actor, ops, atomic)).await
    }
}
