//! `POST /v1/tags`: add a tag to the catalogue.

use super::TagDto;
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::tag::tag_name;
use serde::Deserialize;
use utoipa::ToSchema;

/// A tag to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTagRequest {
    /// Trimmed and lower-cased.
    #[schema(value_type = super::TagName)]
    pub name: String,
}

/// Create a tag
///
/// Adds a tag to the catalogue. Tags are also added when first put on a person.
#[utoipa::path(
    operation_id = "tags_create",
    tag = "tags",
    request_body = CreateTagRequest,
    responses(
        (status = 201, description = "The new tag", body = TagDto, headers(("Location" = String, description = "The tag's URL"), ("ETag" = String, description = "The version, for If-Match"))),
    ),
    security(("bearer" = []))
)]
#[post("/tags")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreateTagRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Create)?;
    let name = tag_name(&body.0.name, "name").map_err(|e| ApiError::validation(vec![e]))?;
    let t = state.customers.tags.create(&auth.actor, name).await?;
    Ok(with_etag(HttpResponse::Created(), t.version)
        .insert_header((LOCATION, format!("/v1/tags/{}", t.id)))
        .json(TagDto::from(t)))
}
