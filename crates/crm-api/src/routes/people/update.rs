//! `PATCH /v1/people/{id}`: change a person.

use super::dto::{ContactPointInput, LifecycleStageDto, PersonDto, SourceChannelDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::{IfMatch, with_etag};
use crate::http::extract::{JsonBody, PathId};
use crate::http::patch::Patch;
use crate::routes::addresses::{AddressDto, SocialProfileDto, all};
use crate::state::AppState;
use actix_web::{HttpResponse, patch, web};
use chrono::NaiveDate;
use crm_accounts::{Action, Area};
use crm_customers::patch::PersonPatchInput;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A change to a person's source; each part may be set or cleared.
#[derive(Debug, Clone, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SourcePatch {
    #[serde(default)]
    #[schema(value_type = Option<SourceChannelDto>)]
    pub channel: Patch<SourceChannelDto>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub detail: Patch<String>,
}

impl SourcePatch {
    /// The channel and detail changes of a `source` patch: `null` clears both.
    pub fn split(p: Patch<SourcePatch>) -> (Option<Option<String>>, Option<Option<String>>) {
        match p {
            Patch::Absent => (None, None),
            Patch::Null => (Some(None), Some(None)),
            Patch::Value(s) => (
                s.channel.map_field(|c| c.as_str().to_string()),
                s.detail.map_field(|d| d),
            ),
        }
    }
}

/// A merge-patch of a person: absent fields stay, `null` clears, lists are replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePersonRequest {
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub first_name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub last_name: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<ContactPointInput>>, max_items = 20)]
    pub emails: Patch<Vec<ContactPointInput>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<ContactPointInput>>, max_items = 20)]
    pub phones: Patch<Vec<ContactPointInput>>,
    /// Moves along the lifecycle rules; a forbidden move is a 409.
    #[serde(default)]
    #[schema(value_type = LifecycleStageDto, required = false)]
    pub lifecycle_stage: Patch<LifecycleStageDto>,
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
    #[schema(value_type = Option<String>, max_length = 35)]
    pub language: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 64)]
    pub time_zone: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<NaiveDate>)]
    pub birthday: Patch<NaiveDate>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<AddressDto>>, max_items = 10)]
    pub addresses: Patch<Vec<AddressDto>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<SocialProfileDto>>, max_items = 10)]
    pub social_profiles: Patch<Vec<SocialProfileDto>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdatePersonRequest> for PersonPatchInput {
    fn from(r: UpdatePersonRequest) -> Self {
        let points = |v: Vec<ContactPointInput>| v.into_iter().map(Into::into).collect();
        let (channel, detail) = SourcePatch::split(r.source);
        PersonPatchInput {
            first_name: r.first_name.map_field(|v| v),
            last_name: r.last_name.map_field(|v| v),
            emails: r.emails.map_field(points),
            phones: r.phones.map_field(points),
            lifecycle_stage: r.lifecycle_stage.map_field(Into::into),
            owner_id: r.owner_id.map_field(|v| v),
            source_channel: channel,
            source_detail: detail,
            external_id: r.external_id.map_field(|v| v),
            language: r.language.map_field(|v| v),
            time_zone: r.time_zone.map_field(|v| v),
            birthday: r.birthday.map_field(|v| v),
            addresses: r.addresses.map_field(all),
            social_profiles: r.social_profiles.map_field(all),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

/// Update a person
///
/// A merge-patch. Stage changes follow the lifecycle rules (forward along the funnel,
/// customers may churn, churned people may be won back) and are recorded in the history.
#[utoipa::path(
    operation_id = "people_update",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = UpdatePersonRequest,
    responses(
        (status = 200, description = "The updated person", body = PersonDto,
         headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "A lifecycle move the rules forbid, or a taken external_id", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/people/{id:[0-9a-fA-F-]+}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    if_match: IfMatch,
    body: JsonBody<UpdatePersonRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let p = state
        .customers
        .people
        .update(&auth.actor, id.0, body.0.into(), if_match.0)
        .await?;
    Ok(with_etag(HttpResponse::Ok(), p.version).json(PersonDto::from(p)))
}
