//! `PATCH /v1/organisation`: change the organisation's name or default phone region.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::JsonBody;
use crate::http::patch::Patch;
use crate::routes::auth::OrganisationDto;
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::model::OrganisationPatch;
use crm_accounts::{Action, Area};
use crm_core::error::Errors;
use serde::Deserialize;
use utoipa::ToSchema;

/// A merge-patch of the organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200)]
    pub name: Patch<String>,
    /// ISO 3166 alpha-2 region (`GB`, `US`…) for phone numbers given without `+`.
    #[serde(default)]
    #[schema(value_type = Option<super::RegionCode>)]
    pub default_region: Patch<String>,
}

/// Update the organisation
///
/// Owners and admins change the organisation's name and default phone region.
#[utoipa::path(
    operation_id = "organisation_update",
    tag = "organisation",
    request_body = UpdateOrganisationRequest,
    responses((status = 200, description = "The organisation", body = OrganisationDto,
               headers(("ETag" = String, description = "The new version")))),
    extensions(("x-round-trip" = json!(true))),
    security(("bearer" = []))
)]
#[patch("/organisation")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    if_match: IfMatch,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let (b, if_version) = crate::http::echo::patch_body::<
        UpdateOrganisationRequest,
        OrganisationDto,
        _,
    >(body.0, if_match.0, || async {
        Ok(OrganisationDto::from(
            state.accounts.organisation(&auth.actor).await?,
        ))
    })
    .await?;
    let mut errors = Errors::new();
    let name = b
        .name
        .required("name", &mut errors)
        .map(|n| n.trim().to_string());
    if name
        .as_ref()
        .is_some_and(|n| n.is_empty() || n.chars().count() > 200)
    {
        errors.push("name", "invalid_length", "must be 1 to 200 characters");
    }
    let default_region = match b.default_region {
        Patch::Absent => None,
        Patch::Null => Some(None),
        Patch::Value(r) => {
            if !crm_customers::contact::known_region(&r) {
                errors.push(
                    "default_region",
                    "invalid_value",
                    "must be an ISO 3166 region such as GB or US",
                );
            }
            Some(Some(r))
        }
    };
    let patch = errors.finish(OrganisationPatch {
        name,
        default_region,
    })?;
    let org = state
        .accounts
        .update_organisation(&auth.actor, patch, if_version)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), org.version).json(OrganisationDto::from(org)))
}
