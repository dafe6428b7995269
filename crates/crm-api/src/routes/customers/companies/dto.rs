//! Wire types of companies and employments, as reads return them.

use crate::routes::customers::addresses::{AddressDto, all};
use crate::routes::customers::people::dto::{SourceChannelDto, SourceDto};
use chrono::{DateTime, Utc};
use crm_customers::company::{Company, CompanySize, Employment};
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
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Company> for CompanyDto {
    fn from(c: Company) -> Self {
        Self {
            id: c.id.into(),
            name: c.name,
            domain: c.domain,
            website: c.website,
            industry: c.industry,
            size: c.size.map(Into::into),
            owner_id: c.owner_id.map(Into::into),
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
    /// The person's id.
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
            person_id: e.person_id.into(),
            company_id: e.company_id.into(),
            title: e.title,
            role: e.role,
            created_at: e.created_at,
        }
    }
}

crate::page_of!(EmploymentPage, EmploymentDto);
