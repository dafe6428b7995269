//! `PATCH /v1/tags/{id}`: rename a tag on everyone who carries it.

use super::TagDto;
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use crm_accounts::{Action, Area};
use crm_customers::tag::tag_name;
use serde::Deserialize;
use utoipa::ToSchema;

/// A change to a tag.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTagRequest {
    /// The new name, trimmed and lower-cased; absent leaves it as it is.
    #[schema(value_type = Option<super::TagName>)]
    pub name: Option<String>,
}

/// Rename a tag
///
/// Renames the tag in the catalogue, and so on every person and company that carries
/// it. A name another tag already has is a 409 (delete one of them, or tag its
/// carriers with the other, first).
#[utoipa::path(
    operation_id = "tags_update",
    tag = "tags",
    params(("id" = uuid::Uuid, Path, description = "The tag's id")),
    request_body = UpdateTagRequest,
    responses((status = 200, description = "The tag", body = TagDto,
               headers(("ETag" = String, description = "The new version")))),
    extensions(("x-round-trip" = json!(true))),
    security(("bearer" = []))
)]
#[patch("/tags/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let (b, if_version) = crate::http::echo::patch_body::<UpdateTagRequest, TagDto, _>(
        body.0,
        if_match.0,
        || async {
            Ok(TagDto::from(
                state.customers.tags.get(&auth.actor, id.0).await?,
            ))
        },
    )
    .await?;
    let name = b
        .name
        .map(|raw| tag_name(&raw, "name"))
        .transpose()
        .map_err(|e| ApiError::validation(vec![e]))?;
    let t = state
        .customers
        .tags
        .update(&auth.actor, id.0, name, if_version)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), t.version).json(TagDto::from(t)))
}
