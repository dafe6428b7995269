//! Custom field definitions: an organisation's own fields on a resource.

use super::CustomersPorts;
use crate::custom_field::{CustomField, CustomFieldPatch, FieldResource, NewCustomField};
use crm_core::{Actor, DomainResult};
use std::sync::Arc;
use uuid::Uuid;

/// The custom field use cases.
#[derive(Clone)]
pub struct CustomFields(pub(super) Arc<CustomersPorts>);

impl CustomFields {
    /// The organisation's fields of `resource`, in creation order.
    pub async fn list(
        &self,
        actor: &Actor,
        resource: FieldResource,
    ) -> DomainResult<Vec<CustomField>> {
        self.0.custom_fields.list(actor, resource).await
    }

    pub async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<CustomField> {
        self.0.custom_fields.get(actor, id).await
    }

    /// A key taken for the resource is a conflict.
    pub async fn create(&self, actor: &Actor, field: NewCustomField) -> DomainResult<CustomField> {
        self.0.custom_fields.create(actor, field).await
    }

    /// Relabels the field, changes whether it is required, or adds options (which only
    /// an `enum` or `multi_enum` field has), if the version still matches.
    pub async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        label: Option<String>,
        required: Option<bool>,
        add_options: Vec<String>,
        if_version: Option<i64>,
    ) -> DomainResult<CustomField> {
        let current = self.0.custom_fields.get(actor, id).await?;
        let patch = CustomFieldPatch::validate(label, required, add_options, current.kind)?;
        self.0
            .custom_fields
            .update(actor, id, patch, if_version)
            .await
    }

    /// Removes the definition and every value of it, if the version still matches.
    pub async fn delete(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.0.custom_fields.delete(actor, id, if_version).await
    }
}
