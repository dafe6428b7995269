//! Wire types of API keys.

use crate::routes::users::dto::RoleDto;
use chrono::{DateTime, Utc};
use crm_accounts::ApiKey;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// An API key. The secret itself is never shown again after creation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyDto {
    pub id: Uuid,
    #[schema(example = "Nightly import")]
    pub name: String,
    pub role: RoleDto,
    /// The first characters of the secret, to recognise it.
    #[schema(example = "crm_7Hq2LmXw")]
    pub prefix: String,
    pub created_by: Option<Uuid>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<ApiKey> for ApiKeyDto {
    fn from(k: ApiKey) -> Self {
        Self {
            id: k.id,
            name: k.name,
            role: k.role.into(),
            prefix: k.prefix,
            created_by: k.created_by.map(Into::into),
            last_used_at: k.last_used_at,
            expires_at: k.expires_at,
            revoked_at: k.revoked_at,
            created_at: k.created_at,
            updated_at: k.updated_at,
            version: k.version,
        }
    }
}

crate::page_of!(ApiKeyPage, ApiKeyDto);
