//! `PATCH /v1/custom-fields/{id}`: relabel, require, or add options.

use super::CustomFieldDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::{Action, Area};
use serde::Deserialize;
use utoipa::ToSchema;

/// A change to a definition. The key and type never change; options are only added.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomFieldRequest {
    /// The name staff see; not blank.
    #[schema(example = "Shoe size", pattern = "\\S", max_length = 200)]
    pub label: Option<String>,
    pub required: Option<bool>,
    /// Options to add to an `enum` or `multi_enum` field.
    #[serde(default)]
    #[schema(max_items = 200)]
    pub add_options: Vec<String>,
}

/// Update a custom field
///
/// Changes the label or whether the field is required, or adds options.
#[utoipa::path(
    operation_id = "custom_fields_update",
    tag = "custom_fields",
    params(("id" = uuid::Uuid, Path, description = "The field's id")),
    request_body = UpdateCustomFieldRequest,
    responses((status = 200, description = "The field", body = CustomFieldDto,
               headers(("ETag" = String, description = "The new version")))),
    extensions(("x-round-trip" = json!(true))),
    security(("bearer" = []))
)]
#[patch("/custom-fields/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Update)?;
    let (b, if_version) = crate::http::echo::patch_body::<
        UpdateCustomFieldRequest,
        CustomFieldDto,
        _,
    >(body.0, if_match.0, || async {
        Ok(CustomFieldDto::from(
            state.customers.custom_fields.get(&auth.actor, id.0).await?,
        ))
    })
    .await?;
    let f = state
        .customers
        .custom_fields
        .update(
            &auth.actor,
            id.0,
            b.label,
            b.required,
            b.add_options,
            if_version,
        )
        .await?;
    Ok(with_etag(HttpResponse::Ok(), f.version).json(CustomFieldDto::from(f)))
}
