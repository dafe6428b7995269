//! Wire types of products as reads return them.

use crate::http::money::AmountDto;
use chrono::{DateTime, Utc};
use crm_opportunities::product::Product;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A product of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductDto {
    pub id: Uuid,
    /// The stock-keeping unit, unique in the organisation.
    #[schema(example = "SEAT-1Y")]
    pub sku: String,
    /// What it is called.
    #[schema(example = "Seat, yearly")]
    pub name: String,
    /// More about it.
    pub description: Option<String>,
    /// The category it is sold under.
    #[schema(example = "Subscriptions")]
    pub category: Option<String>,
    /// Its unit price in each currency it is sold in, one per currency, ordered by code.
    pub prices: Vec<AmountDto>,
    /// The tax category an order applies the rate of (`standard`, `reduced`…).
    #[schema(example = "standard")]
    pub tax_category: Option<String>,
    /// Whether it is sold now; an inactive product stays for the orders that name it.
    pub active: bool,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=product`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Product> for ProductDto {
    fn from(p: Product) -> Self {
        Self {
            id: p.id.into(),
            sku: p.sku,
            name: p.name,
            description: p.description,
            category: p.category,
            prices: p.prices.into_iter().map(Into::into).collect(),
            tax_category: p.tax_category,
            active: p.active,
            tags: p.tags,
            custom_fields: p.custom_fields,
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

crate::page_of!(ProductPage, ProductDto);
