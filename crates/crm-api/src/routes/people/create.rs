//! `POST /v1/people`: add a person.

use super::dto::{ContactPointInput, LifecycleStageDto, PersonDto, SourceInput};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::routes::addresses::{AddressDto, SocialProfileDto, all};
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use chrono::NaiveDate;
use crm_accounts::{Action, Area};
use crm_customers::person::PersonInput;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A person to add. It needs a name, an email or a phone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePersonRequest {
    #[schema(example = "Ada", max_length = 100)]
    pub first_name: Option<String>,
    #[schema(example = "Lovelace", max_length = 100)]
    pub last_name: Option<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub emails: Vec<ContactPointInput>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub phones: Vec<ContactPointInput>,
    /// `lead` when absent.
    pub lifecycle_stage: Option<LifecycleStageDto>,
    pub owner_id: Option<Uuid>,
    pub source: Option<SourceInput>,
    #[schema(max_length = 255)]
    pub external_id: Option<String>,
    #[schema(example = "en-GB", max_length = 35)]
    pub language: Option<String>,
    #[schema(example = "Europe/London", max_length = 64)]
    pub time_zone: Option<String>,
    pub birthday: Option<NaiveDate>,
    /// Postal addresses; the first is primary unless another says so.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub addresses: Vec<AddressDto>,
    /// Profiles on social networks, so posts and complaints can be tied to the person.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub social_profiles: Vec<SocialProfileDto>,
    /// Tag names; new ones join the catalogue.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's custom fields, by key; required ones must be given.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreatePersonRequest> for PersonInput {
    fn from(r: CreatePersonRequest) -> Self {
        let source = r.source.unwrap_or_default();
        PersonInput {
            first_name: r.first_name,
            last_name: r.last_name,
            emails: r.emails.into_iter().map(Into::into).collect(),
            phones: r.phones.into_iter().map(Into::into).collect(),
            lifecycle_stage: r.lifecycle_stage.map(Into::into),
            owner_id: r.owner_id,
            source_channel: source.channel.map(|c| c.as_str().to_string()),
            source_detail: source.detail,
            external_id: r.external_id,
            language: r.language,
            time_zone: r.time_zone,
            birthday: r.birthday,
            addresses: all(r.addresses),
            social_profiles: all(r.social_profiles),
            tags: r.tags,
            custom_fields: r.custom_fields,
        }
    }
}

/// Create a person
///
/// Adds a person to the organisation's shared record. Emails are normalised, phones
/// stored in E.164, tags added to the catalogue, and the first lifecycle stage recorded.
#[utoipa::path(
    operation_id = "people_create",
    tag = "people",
    request_body = CreatePersonRequest,
    responses(
        (status = 201, description = "The new person", body = PersonDto,
         headers(("Location" = String, description = "The person's URL"), ("ETag" = String, description = "The version"))),
    ),
    security(("bearer" = []))
)]
#[post("/people")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreatePersonRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Create)?;
    let person = state
        .customers
        .people
        .create(&auth.actor, body.0.into())
        .await?;
    let mut res = with_etag(HttpResponse::Created(), person.version);
    res.insert_header((LOCATION, format!("/v1/people/{}", person.id)));
    Ok(res.json(PersonDto::from(person)))
}
