//! `GET /v1/custom-fields`: the custom fields of a resource.

use super::{CustomFieldDto, CustomFieldList, FieldResourceDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::QueryParams;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use serde::Deserialize;
use utoipa::IntoParams;

/// Which resource's fields to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CustomFieldListParams {
    pub resource: FieldResourceDto,
}

/// List custom fields
///
/// The organisation's custom fields of one resource, in creation order.
#[utoipa::path(
    operation_id = "custom_fields_list",
    tag = "custom_fields",
    params(CustomFieldListParams),
    responses((status = 200, description = "The fields", body = CustomFieldList)),
    security(("bearer" = []))
)]
#[get("/custom-fields")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<CustomFieldListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let fields = state
        .customers
        .custom_fields
        .list(&auth.actor, params.0.resource.into())
        .await?;
    Ok(HttpResponse::Ok().json(CustomFieldList {
        data: fields.into_iter().map(CustomFieldDto::from).collect(),
    }))
}
