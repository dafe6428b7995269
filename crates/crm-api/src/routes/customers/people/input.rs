//! What writes and searches of people take: a new person, a merge-patch of one, a
//! change of source, and the search body.

use super::dto::{ContactLabelDto, LifecycleStageDto, SourceChannelDto, SourceInput};
use crate::http::patch::Patch;
use crate::routes::customers::addresses::{AddressDto, SocialProfileDto, all};
use chrono::NaiveDate;
use crm_core::ids::UserId;
use crm_customers::contact::RawPoint;
use crm_customers::patch::PersonPatchInput;
use crm_customers::person::PersonInput;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// An email address to store, as reads show it (`emails[]` of a person).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailInput {
    /// The address; stored lower-cased.
    #[schema(
        example = "ada@example.com",
        min_length = 3,
        max_length = 254,
        pattern = "^[^@\\s]+@[^@\\s]+$"
    )]
    pub address: String,
    #[serde(default)]
    pub label: ContactLabelDto,
    /// At most one per list; the first entry is primary when none is.
    #[serde(default)]
    pub primary: bool,
}

impl From<EmailInput> for RawPoint {
    fn from(c: EmailInput) -> Self {
        RawPoint {
            value: c.address,
            label: c.label.into(),
            primary: c.primary,
        }
    }
}

/// A phone number to store, as reads show it (`phones[]` of a person).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneInput {
    /// The number; stored in E.164. One without `+` and a country code is read in the
    /// organisation's default region (`PATCH /v1/organisation`), and refused when it
    /// has none.
    #[schema(example = "+44 20 7183 8750", min_length = 1, max_length = 40)]
    pub number: String,
    #[serde(default)]
    pub label: ContactLabelDto,
    /// At most one per list; the first entry is primary when none is.
    #[serde(default)]
    pub primary: bool,
}

impl From<PhoneInput> for RawPoint {
    fn from(c: PhoneInput) -> Self {
        RawPoint {
            value: c.number,
            label: c.label.into(),
            primary: c.primary,
        }
    }
}

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
    pub emails: Vec<EmailInput>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub phones: Vec<PhoneInput>,
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
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's custom fields, by key; required ones must be given.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
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
            owner_id: r.owner_id.map(UserId),
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
    #[schema(value_type = Option<Vec<EmailInput>>, max_items = 20)]
    pub emails: Patch<Vec<EmailInput>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<PhoneInput>>, max_items = 20)]
    pub phones: Patch<Vec<PhoneInput>>,
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
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdatePersonRequest> for PersonPatchInput {
    fn from(r: UpdatePersonRequest) -> Self {
        let (channel, detail) = SourcePatch::split(r.source);
        PersonPatchInput {
            first_name: r.first_name.map_field(|v| v),
            last_name: r.last_name.map_field(|v| v),
            emails: r
                .emails
                .map_field(|v| v.into_iter().map(Into::into).collect()),
            phones: r
                .phones
                .map_field(|v| v.into_iter().map(Into::into).collect()),
            lifecycle_stage: r.lifecycle_stage.map_field(Into::into),
            owner_id: r.owner_id.map_field(UserId),
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

crate::search_request!(
    /// `{"all"|"any": [nodes]}`, `{"not": node}` or `{"field", "op", "value"}`. Fields:
    /// `first_name`, `last_name`, `email`, `phone`, `tags`, `consent`, `lifecycle_stage`,
    /// `owner_id`, `company_id`, `source_channel`, `external_id`, `language`, `birthday`,
    /// `created_at`, `updated_at`. `email`, `phone`, `tags` and `consent` hold several
    /// values: `contains`, `in`, `not_in`, `is_null`. `company_id` matches any company the
    /// person works at (`neq`: none of them; `is_null`: no company).
    /// `address.city`, `address.region`, `address.postal_code` and `address.country`
    /// match when one of the person's addresses does (case-insensitive), like `tags`.
    /// Purchases (orders paid or fulfilled, net of refunds): `spend.total` (exact, in
    /// `spend.currency`, the currency of their latest purchase), `orders.count`,
    /// `orders.first_at`, `orders.last_at` (order dates) and `orders.product` (a product
    /// on one of them); `is_null` for people who bought nothing.
    /// Custom fields are `custom_fields.<key>`, typed by their definition.
    PersonSearchRequest,
    example = {"all": [{"field": "lifecycle_stage", "op": "eq", "value": "customer"}, {"field": "tags", "op": "contains", "value": "vip"}]},
    sort = "^((created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);
