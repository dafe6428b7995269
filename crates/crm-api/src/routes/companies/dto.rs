//! Wire types of companies and employments: what reads return and what writes and
//! searches take.

use crate::http::patch::Patch;
use crate::routes::addresses::{AddressDto, all};
use crate::routes::people::dto::{SourceChannelDto, SourceDto, SourceInput};
use crate::routes::people::input::SourcePatch;
use chrono::{DateTime, Utc};
use crm_customers::company::{Company, CompanyInput, CompanyPatchInput, CompanySize, Employment};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Head-count band: `micro` 1–9, `small` 10–49, `medium` 50–249, `large` 250–999,
/// `enterprise` 1,000 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompanySizeDto {
    Micro,
    Small,
    Medium,
    Large,
    Enterprise,
}

impl From<CompanySize> for CompanySizeDto {
    fn from(s: CompanySize) -> Self {
        match s {
            CompanySize::Micro => Self::Micro,
            CompanySize::Small => Self::Small,
            CompanySize::Medium => Self::Medium,
            CompanySize::Large => Self::Large,
            CompanySize::Enterprise => Self::Enterprise,
        }
    }
}

impl From<CompanySizeDto> for CompanySize {
    fn from(s: CompanySizeDto) -> Self {
        match s {
            CompanySizeDto::Micro => Self::Micro,
            CompanySizeDto::Small => Self::Small,
            CompanySizeDto::Medium => Self::Medium,
            CompanySizeDto::Large => Self::Large,
            CompanySizeDto::Enterprise => Self::Enterprise,
        }
    }
}

/// A company.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDto {
    pub id: Uuid,
    #[schema(example = "Analytical Engines Ltd")]
    pub name: String,
    /// The bare domain, lower-cased.
    #[schema(example = "engines.example")]
    pub domain: Option<String>,
    #[schema(example = "https://engines.example")]
    pub website: Option<String>,
    #[schema(example = "Manufacturing")]
    pub industry: Option<String>,
    pub size: Option<CompanySizeDto>,
    pub owner_id: Option<Uuid>,
    pub source: SourceDto,
    pub external_id: Option<String>,
    pub addresses: Vec<AddressDto>,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=company`).
    #[schema(value_type = Object)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Company> for CompanyDto {
    fn from(c: Company) -> Self {
        Self {
            id: c.id,
            name: c.name,
            domain: c.domain,
            website: c.website,
            industry: c.industry,
            size: c.size.map(Into::into),
            owner_id: c.owner_id,
            source: SourceDto {
                channel: c
                    .source
                    .channel
                    .as_deref()
                    .and_then(SourceChannelDto::parse),
                detail: c.source.detail,
            },
            external_id: c.external_id,
            addresses: all(c.addresses),
            tags: c.tags,
            custom_fields: c.custom_fields,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
        }
    }
}

crate::page_of!(CompanyPage, CompanyDto);

/// A person's place at a company.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmploymentDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub company_id: Uuid,
    #[schema(example = "Chief Engineer")]
    pub title: Option<String>,
    /// The person's part in buying: `decision_maker`, `champion`, `user`…
    #[schema(example = "decision_maker")]
    pub role: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Employment> for EmploymentDto {
    fn from(e: Employment) -> Self {
        Self {
            id: e.id,
            person_id: e.person_id,
            company_id: e.company_id,
            title: e.title,
            role: e.role,
            created_at: e.created_at,
        }
    }
}

crate::page_of!(EmploymentPage, EmploymentDto);

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
    #[schema(max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's company custom fields, by key.
    #[serde(default)]
    #[schema(value_type = Object)]
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
            owner_id: b.owner_id,
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
    #[schema(value_type = Option<Vec<String>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = Object)]
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
            owner_id: r.owner_id.map_field(|v| v),
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
    /// when one of the addresses does, case-insensitive, like `tags`), and
    /// `custom_fields.<key>`.
    CompanySearchRequest,
    example = {"all": [{"field": "size", "op": "in", "value": ["large", "enterprise"]}, {"field": "tags", "op": "contains", "value": "key-account"}]},
    sort = "^-?(created_at|updated_at|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})$"
);
