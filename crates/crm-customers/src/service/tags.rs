//! The tag catalogue: creating, renaming (the carriers' cards follow in a job) and
//! removing tags.

use super::CustomersPorts;
use crate::tag::Tag;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;
use uuid::Uuid;

/// The tag use cases.
#[derive(Clone)]
pub struct Tags(pub(super) Arc<CustomersPorts>);

impl Tags {
    /// The catalogue, or the tags whose name holds `q` (case-insensitive).
    pub async fn list(
        &self,
        actor: &Actor,
        q: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Tag>> {
        self.0.tags.list(actor, q, page).await
    }

    /// Adds a tag to the catalogue; a name taken is a conflict.
    pub async fn create(&self, actor: &Actor, name: String) -> DomainResult<Tag> {
        self.0.tags.create(actor, name).await
    }

    pub async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Tag> {
        self.0.tags.get(actor, id).await
    }

    /// Renames the tag everywhere it is carried, if the version still matches.
    pub async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        name: Option<String>,
        if_version: Option<i64>,
    ) -> DomainResult<Tag> {
        self.0.tags.update(actor, id, name, if_version).await
    }

    /// Removes the tag from the catalogue and from every record that carries it.
    pub async fn delete(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.0.tags.delete(actor, id, if_version).await
    }
}
