//! What writes, searches and lists of products take.

use crate::http::error::ApiError;
use crate::http::money::AmountDto;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use crm_core::Actor;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_opportunities::product::{ProductInput, ProductPatchInput};
use serde::Deserialize;
use utoipa::ToSchema;

/// A product to add to the catalogue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"sku": "SEAT-1Y", "name": "Seat, yearly", "category": "Subscriptions", "prices": [{"amount": "99.00", "currency": "EUR"}, {"amount": "120.00", "currency": "USD"}], "tax_category": "standard"}))]
pub struct CreateProductRequest {
    /// The stock-keeping unit, unique in the organisation, without spaces.
    #[schema(min_length = 1, max_length = 64, pattern = "^\\S+$")]
    pub sku: String,
    /// What it is called.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    /// More about it.
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// The category it is sold under.
    #[schema(max_length = 100)]
    pub category: Option<String>,
    /// Its unit price in each currency it is sold in: one per currency, zero or more,
    /// in the currency's minor unit at most.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub prices: Vec<AmountDto>,
    /// The tax category an order applies the rate of.
    #[schema(max_length = 50)]
    pub tax_category: Option<String>,
    /// Whether it is sold now (true if absent).
    pub active: Option<bool>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's product custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreateProductRequest> for ProductInput {
    fn from(b: CreateProductRequest) -> Self {
        ProductInput {
            sku: Some(b.sku),
            name: Some(b.name),
            description: b.description,
            category: b.category,
            prices: b.prices.into_iter().map(Into::into).collect(),
            tax_category: b.tax_category,
            active: b.active,
            tags: b.tags,
            custom_fields: b.custom_fields,
        }
    }
}

/// A merge-patch of a product: absent fields stay, `null` clears, `prices` and `tags`
/// are replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"prices": [{"amount": "109.00", "currency": "EUR"}], "active": true}))]
pub struct UpdateProductRequest {
    /// The stock-keeping unit, unique in the organisation, without spaces.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 64, pattern = "^\\S+$")]
    pub sku: Patch<String>,
    /// What it is called.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Patch<String>,
    /// More about it.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub description: Patch<String>,
    /// The category it is sold under.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub category: Patch<String>,
    /// Its unit prices, one per currency; replaced whole (null or `[]` for none).
    #[serde(default)]
    #[schema(value_type = Option<Vec<AmountDto>>, max_items = 20)]
    pub prices: Patch<Vec<AmountDto>>,
    /// The tax category an order applies the rate of.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 50)]
    pub tax_category: Patch<String>,
    /// Whether it is sold now.
    #[serde(default)]
    #[schema(value_type = bool, required = false)]
    pub active: Patch<bool>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdateProductRequest> for ProductPatchInput {
    fn from(r: UpdateProductRequest) -> Self {
        ProductPatchInput {
            sku: r.sku.map_field(|v| v),
            name: r.name.map_field(|v| v),
            description: r.description.map_field(|v| v),
            category: r.category.map_field(|v| v),
            prices: r
                .prices
                .map_field(|v| v.into_iter().map(Into::into).collect()),
            tax_category: r.tax_category.map_field(|v| v),
            active: r.active.map_field(|v| v),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

crate::search_request!(
    /// Fields: `sku`, `name`, `category`, `tax_category`, `active`, `currency` (priced
    /// in it), `tags`, `created_at`, `updated_at` and `custom_fields.<key>`.
    ProductSearchRequest,
    example = {"all": [{"field": "active", "op": "eq", "value": true}, {"field": "currency", "op": "eq", "value": "EUR"}]},
    sort = "^((created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the product list.
    ProductListParams, sort = "^((created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|sku|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only products sold now (`true`) or no more (`false`).
        active: Option<bool>,
        /// Only products of this category.
        #[param(value_type = Option<String>, max_length = 100)]
        category: Option<Bounded<100>>,
        /// Only products priced in this currency.
        #[param(value_type = Option<String>, pattern = "^[A-Z]{3}$")]
        currency: Option<Bounded<3>>,
        /// Only products with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against SKUs, names and categories.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl Listing for ProductListParams {
    fn filter(&self, _: &Actor) -> Result<Option<Filter>, ApiError> {
        let mut all = Vec::new();
        if let Some(a) = self.active {
            all.push(Filter::one(
                "active",
                FieldType::Boolean,
                false,
                Op::Eq,
                Scalar::Boolean(a),
            ));
        }
        if let Some(c) = &self.category {
            let text = Scalar::Text(c.as_str().trim().into());
            all.push(Filter::one("category", FieldType::Text, true, Op::Eq, text));
        }
        if let Some(c) = &self.currency {
            let Some(code) = crm_records::money::Currency::parse(c.as_str()) else {
                return Err(ApiError::invalid_parameters(vec![
                    crm_core::FieldError::new(
                        "currency",
                        "invalid_format",
                        "an ISO 4217 currency code such as EUR",
                    ),
                ]));
            };
            let text = Scalar::Text(code.as_str().into());
            all.push(Filter::one("currency", FieldType::Text, true, Op::Eq, text));
        }
        all.extend(crate::http::page::tagged(self.tag.as_ref()));
        Ok((!all.is_empty()).then_some(Filter::All(all)))
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
