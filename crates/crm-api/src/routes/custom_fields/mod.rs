//! Custom field definitions: list, create, read, update, delete.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;
pub mod values;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "custom_fields",
    about: "Fields an organisation adds to people, companies, interactions, tasks, cases, opportunities and products",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete);
}

use chrono::{DateTime, Utc};
use crm_customers::custom_field::{CustomField, FieldKind, FieldResource};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Which records a custom field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldResourceDto {
    Person,
    Company,
    Interaction,
    Task,
    Case,
    Opportunity,
    Product,
    Order,
}

impl From<FieldResourceDto> for FieldResource {
    fn from(r: FieldResourceDto) -> Self {
        match r {
            FieldResourceDto::Person => crm_customers::custom_field::PERSON,
            FieldResourceDto::Company => crm_customers::custom_field::COMPANY,
            FieldResourceDto::Interaction => crm_interactions::custom_field::INTERACTION,
            FieldResourceDto::Task => crm_interactions::custom_field::TASK,
            FieldResourceDto::Case => crm_interactions::custom_field::CASE,
            FieldResourceDto::Opportunity => crm_opportunities::custom_field::OPPORTUNITY,
            FieldResourceDto::Product => crm_opportunities::custom_field::PRODUCT,
            FieldResourceDto::Order => crm_opportunities::custom_field::ORDER,
        }
    }
}

impl From<FieldResource> for FieldResourceDto {
    fn from(r: FieldResource) -> Self {
        // Stored resources are read back only among the areas' declared ones, which
        // this enum mirrors; the test below holds the two lists together.
        if r == crm_customers::custom_field::COMPANY {
            FieldResourceDto::Company
        } else if r == crm_interactions::custom_field::INTERACTION {
            FieldResourceDto::Interaction
        } else if r == crm_interactions::custom_field::TASK {
            FieldResourceDto::Task
        } else if r == crm_interactions::custom_field::CASE {
            FieldResourceDto::Case
        } else if r == crm_opportunities::custom_field::OPPORTUNITY {
            FieldResourceDto::Opportunity
        } else if r == crm_opportunities::custom_field::PRODUCT {
            FieldResourceDto::Product
        } else if r == crm_opportunities::custom_field::ORDER {
            FieldResourceDto::Order
        } else {
            FieldResourceDto::Person
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every resource with custom fields, whatever its area.
    fn resources() -> impl Iterator<Item = FieldResource> {
        crm_customers::custom_field::RESOURCES
            .iter()
            .chain(crm_interactions::custom_field::RESOURCES)
            .chain(crm_opportunities::custom_field::RESOURCES)
            .copied()
    }

    #[test]
    fn every_resource_with_custom_fields_has_its_wire_name() {
        for r in resources() {
            let dto = FieldResourceDto::from(r);
            assert_eq!(FieldResource::from(dto), r);
            assert_eq!(serde_json::to_value(dto).ok(), serde_json::to_value(r).ok());
        }
    }
}

/// What a custom field holds. `decimal` values are strings with at most four places;
/// `money` is `{"amount": "12.50", "currency": "EUR"}`; `multi_enum` an array of options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldKindDto {
    Text,
    Number,
    Decimal,
    Money,
    Date,
    Boolean,
    Enum,
    MultiEnum,
    Url,
    Email,
}

impl From<FieldKindDto> for FieldKind {
    fn from(k: FieldKindDto) -> Self {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().and_then(FieldKind::parse))
            .unwrap_or(FieldKind::Text)
    }
}

impl From<FieldKind> for FieldKindDto {
    fn from(k: FieldKind) -> Self {
        serde_json::from_value(serde_json::Value::String(k.as_str().into()))
            .unwrap_or(FieldKindDto::Text)
    }
}

/// A custom field's definition.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomFieldDto {
    pub id: Uuid,
    pub resource: FieldResourceDto,
    /// The name of the field under `custom_fields` and in filters (`custom_fields.<key>`).
    #[schema(example = "shoe_size")]
    pub key: String,
    /// The name staff see.
    #[schema(example = "Shoe size")]
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldKindDto,
    /// The allowed values of `enum` and `multi_enum` fields.
    pub options: Vec<String>,
    pub required: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<CustomField> for CustomFieldDto {
    fn from(f: CustomField) -> Self {
        Self {
            id: f.id,
            resource: f.resource.into(),
            key: f.key,
            label: f.label,
            kind: f.kind.into(),
            options: f.options,
            required: f.required,
            created_at: f.created_at,
            updated_at: f.updated_at,
            version: f.version,
        }
    }
}

/// The custom fields of one resource.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomFieldList {
    pub data: Vec<CustomFieldDto>,
}
