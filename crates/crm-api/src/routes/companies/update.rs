//! `PATCH /v1/companies/{id}`: change a company.

use super::dto::{CompanyDto, CompanySizeDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::http::patch::Patch;
use crate::routes::addresses::{AddressDto, all};
use crate::routes::people::update::SourcePatch;
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::{Action, Area};
use crm_customers::company::CompanyPatchInput;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

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

/// Update a company
///
/// A merge-patch; send `If-Match` to refuse a change made meanwhile.
#[utoipa::path(
    operation_id = "companies_update",
    tag = "companies",
    params(("id" = uuid::Uuid, Path, description = "The company's id")),
    request_body = UpdateCompanyRequest,
    responses((status = 200, description = "The updated company", body = CompanyDto,
               headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []))
)]
#[patch("/companies/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<UpdateCompanyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let input = CompanyPatchInput::from(body.0);
    let c = state
        .customers
        .companies
        .update(&auth.actor, id.0, input, if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), c.version).json(CompanyDto::from(c)))
}
