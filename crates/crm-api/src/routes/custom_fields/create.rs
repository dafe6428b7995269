//! `POST /v1/custom-fields`: define a custom field.

use super::{CustomFieldDto, FieldKindDto, FieldResourceDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::custom_field::NewCustomField;
use serde::Deserialize;
use utoipa::ToSchema;

/// A custom field to define.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomFieldRequest {
    pub resource: FieldResourceDto,
    /// `snake_case`, unique per resource.
    #[schema(example = "shoe_size", pattern = "^[a-z][a-z0-9_]{0,63}$")]
    pub key: String,
    /// The name staff see; not blank.
    #[schema(example = "Shoe size", pattern = "\\S", max_length = 200)]
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldKindDto,
    /// The allowed values of `enum` and `multi_enum` fields.
    #[serde(default)]
    #[schema(max_items = 200)]
    pub options: Vec<String>,
    /// Whether every new record must give a value.
    #[serde(default)]
    pub required: bool,
}

/// Create a custom field
///
/// Defines a field that every record of the resource may (or, if required, must) carry
/// under `custom_fields`, usable in filters as `custom_fields.<key>`.
#[utoipa::path(
    operation_id = "custom_fields_create",
    tag = "custom_fields",
    request_body = CreateCustomFieldRequest,
    responses((status = 201, description = "The field", body = CustomFieldDto,
               headers(("Location" = String, description = "The field's URL"), ("ETag" = String, description = "The version")))),
    security(("bearer" = []))
)]
#[post("/custom-fields")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreateCustomFieldRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Create)?;
    let b = body.0;
    let new = NewCustomField::validate(
        b.resource.into(),
        &b.key,
        &b.label,
        b.kind.into(),
        b.options,
        b.required,
    )?;
    let f = state
        .customers
        .custom_fields
        .create(&auth.actor, new)
        .await?;
    let mut res = with_etag(HttpResponse::Created(), f.version);
    res.insert_header((LOCATION, format!("/v1/custom-fields/{}", f.id)));
    Ok(res.json(CustomFieldDto::from(f)))
}
