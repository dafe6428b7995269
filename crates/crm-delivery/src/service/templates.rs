//! Message templates: checked against the placeholders the organisation's people offer,
//! stored, and previewed for a person.

use super::DeliveryService;
use crate::template::{Placeholders, Rendered, Template, TemplateInput, values};
use crm_core::{Actor, DomainResult};
use serde_json::Value;
use uuid::Uuid;

impl DeliveryService {
    async fn placeholders(&self, actor: &Actor) -> DomainResult<Placeholders> {
        Ok(Placeholders {
            custom_fields: self.templates.person_custom_fields(actor).await?,
        })
    }

    /// The organisation's live templates, oldest first.
    pub async fn templates(&self, actor: &Actor) -> DomainResult<Vec<Template>> {
        self.templates.list(actor).await
    }

    pub async fn template(&self, actor: &Actor, id: Uuid) -> DomainResult<Template> {
        self.templates.get(actor, id).await
    }

    /// Checks every placeholder and stores the template.
    pub async fn create_template(
        &self,
        actor: &Actor,
        input: TemplateInput,
    ) -> DomainResult<Template> {
        let t = input.validate(None, &self.placeholders(actor).await?)?;
        self.templates.create(actor, t).await
    }

    /// Checks a patch over the stored template and stores it if it is still the version
    /// checked (`if_version` if given).
    pub async fn update_template(
        &self,
        actor: &Actor,
        id: Uuid,
        input: TemplateInput,
        if_version: Option<i64>,
    ) -> DomainResult<Template> {
        let stored = self.templates.get(actor, id).await?;
        let t = input.validate(Some(&stored), &self.placeholders(actor).await?)?;
        let version = if_version.unwrap_or(stored.version);
        self.templates.update(actor, id, t, version).await
    }

    pub async fn delete_template(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.templates.delete(actor, id, if_version).await
    }

    pub async fn restore_template(&self, actor: &Actor, id: Uuid) -> DomainResult<Template> {
        self.templates.restore(actor, id).await
    }

    /// The template filled for `person` (as the API shows a person) of `organisation`.
    pub async fn preview_template(
        &self,
        actor: &Actor,
        id: Uuid,
        person: &Value,
        organisation: &str,
    ) -> DomainResult<Rendered> {
        let t = self.templates.get(actor, id).await?;
        Ok(t.render(&values(person, organisation)))
    }
}
