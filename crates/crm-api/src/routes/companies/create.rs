//! `POST /v1/companies`: add a company.

use super::dto::{CompanyDto, CompanySizeDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::routes::addresses::{AddressDto, all};
use crate::routes::people::dto::SourceInput;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::company::CompanyInput;
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

/// Create a company
///
/// Adds a company to the organisation's shared record.
#[utoipa::path(
    operation_id = "companies_create",
    tag = "companies",
    request_body = CreateCompanyRequest,
    responses((status = 201, description = "The new company", body = CompanyDto,
               headers(("Location" = String, description = "The company's URL"), ("ETag" = String, description = "The version")))),
    security(("bearer" = []))
)]
#[post("/companies")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreateCompanyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Create)?;
    let input = CompanyInput::from(body.0);
    let c = state.customers.companies.create(&auth.actor, input).await?;
    let mut res = with_etag(HttpResponse::Created(), c.version);
    res.insert_header((LOCATION, format!("/v1/companies/{}", c.id)));
    Ok(res.json(CompanyDto::from(c)))
}
