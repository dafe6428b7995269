//! What writes, searches and lists of companies take: a new company, a merge-patch of
//! one, the search body and the list's typed filters.

use super::dto::CompanySizeDto;
use crate::http::error::ApiError;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use crate::routes::customers::addresses::{AddressDto, all};
use crate::routes::customers::people::dto::SourceInput;
use crate::routes::customers::people::input::SourcePatch;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::UserId;
use crm_customers::company::{CompanyInput, CompanyPatchInput, CompanySize};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A company to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCompanyRequest {
    #[schema(example = "Analytical Engines Ltd", min_length = 1, max_length = 200)]
    pub name: String,
    /// A domain or URL; stored as the bare domain.
    #[schema(example = "engines.example", max_length = 253)]
    pub domain: Option<String>,
    #[schema(example = "https://engines.example", max_length = 2048)]
    pub website: Option<String>,
    #[schema(max_length = 100)]
    pub industry: Option<String>,
    pub size: Option<CompanySizeDto>,
    pub owner_id: Option<Uuid>,
    pub source: Option<SourceInput>,
    #[schema(max_length = 255)]
    pub external_id: Option<String>,
    /// Postal addresses; the first is primary unless another says so.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub addresses: Vec<AddressDto>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's company custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreateCompanyRequest> for CompanyInput {
    fn from(b: CreateCompanyRequest) -> Self {
        let source = b.source.unwrap_or_default();
        CompanyInput {
            name: Some(b.name),
            domain: b.domain,
            website: b.website,
            industry: b.industry,
            size: b.size.map(Into::into),
            owner_id: b.owner_id.map(UserId),
            source_channel: source.channel.map(|c| c.as_str().to_string()),
            source_detail: source.detail,
            external_id: b.external_id,
            addresses: all(b.addresses),
            tags: b.tags,
            custom_fields: b.custom_fields,
        }
    }
}

/// A merge-patch of a company: absent fields stay, `null` clears, `tags` is replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCompanyRequest {
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200)]
    pub name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 253)]
    pub domain: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 2048)]
    pub website: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub industry: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<CompanySizeDto>)]
    pub size: Patch<CompanySizeDto>,
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Patch<Uuid>,
    #[serde(default)]
    #[schema(value_type = SourcePatch, required = false)]
    pub source: Patch<SourcePatch>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub external_id: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<AddressDto>>, max_items = 10)]
    pub addresses: Patch<Vec<AddressDto>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdateCompanyRequest> for CompanyPatchInput {
    fn from(r: UpdateCompanyRequest) -> Self {
        let (channel, detail) = SourcePatch::split(r.source);
        CompanyPatchInput {
            name: r.name.map_field(|v| v),
            domain: r.domain.map_field(|v| v),
            website: r.website.map_field(|v| v),
            industry: r.industry.map_field(|v| v),
            size: r.size.map_field(Into::into),
            owner_id: r.owner_id.map_field(UserId),
            source_channel: channel,
            source_detail: detail,
            external_id: r.external_id.map_field(|v| v),
            addresses: r.addresses.map_field(all),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

crate::search_request!(
    /// Fields: `name`, `domain`, `industry`, `size`, `owner_id`, `external_id`, `tags`,
    /// `created_at`, `updated_at`, `address.city|region|postal_code|country` (matching
    /// when one of the addresses does, case-insensitive, like `tags`), the company's
    /// purchases as people's (`spend.total`, `spend.currency`, `orders.count`,
    /// `orders.first_at`, `orders.last_at`, `orders.product`), and `custom_fields.<key>`.
    CompanySearchRequest,
    example = {"all": [{"field": "size", "op": "in", "value": ["large", "enterprise"]}, {"field": "tags", "op": "contains", "value": "key-account"}]},
    sort = "^((created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the company list.
    CompanyListParams, sort = "^((created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|name|spend\\.total|orders\\.last_at|orders\\.count|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only companies of this size.
        size: Option<CompanySizeDto>,
        /// Only companies owned by this staff user.
        owner_id: Option<Uuid>,
        /// Only companies with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Only companies with this exact domain.
        #[param(value_type = Option<String>, max_length = 253)]
        domain: Option<Bounded<253>>,
        /// Free text matched against names and domains.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl CompanyListParams {
    fn filters(&self) -> Option<Filter> {
        let mut all = Vec::new();
        if let Some(s) = self.size {
            all.push(Filter::one(
                "size",
                FieldType::Text,
                true,
                Op::Eq,
                Scalar::Text(CompanySize::from(s).as_str().into()),
            ));
        }
        if let Some(o) = self.owner_id {
            all.push(Filter::one(
                "owner_id",
                FieldType::Uuid,
                true,
                Op::Eq,
                Scalar::Uuid(o),
            ));
        }
        if let Some(t) = &self.tag {
            all.push(Filter::one(
                "tags",
                FieldType::TextSet,
                true,
                Op::Contains,
                Scalar::Text(t.as_str().trim().into()),
            ));
        }
        if let Some(d) = &self.domain {
            all.push(Filter::one(
                "domain",
                FieldType::Text,
                true,
                Op::Eq,
                Scalar::Text(d.as_str().trim().to_lowercase()),
            ));
        }
        (!all.is_empty()).then_some(Filter::All(all))
    }
}

impl Listing for CompanyListParams {
    fn filter(&self, _actor: &crm_core::Actor) -> Result<Option<Filter>, ApiError> {
        Ok(self.filters())
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
