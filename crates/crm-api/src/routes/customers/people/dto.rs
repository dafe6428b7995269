//! Wire types of people: contact points, lifecycle stages, sources.

use crate::routes::customers::addresses::{AddressDto, SocialProfileDto, all};
use chrono::{DateTime, NaiveDate, Utc};
use crm_customers::consent::{Channel, ConsentEntry, ConsentStatus, Purpose};
use crm_customers::contact::{ContactLabel, EmailPoint, PhonePoint};
use crm_customers::ports::LifecycleChange;
use crm_customers::{LifecycleStage, Person};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a person stands in the relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStageDto {
    Subscriber,
    Lead,
    MarketingQualified,
    SalesQualified,
    Opportunity,
    Customer,
    Evangelist,
    Churned,
    Other,
}
crate::mirror!(
    LifecycleStageDto,
    LifecycleStage,
    [
        Subscriber,
        Lead,
        MarketingQualified,
        SalesQualified,
        Opportunity,
        Customer,
        Evangelist,
        Churned,
        Other
    ]
);

/// How the company may reach a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannelDto {
    Email,
    Sms,
    Phone,
    Post,
    Messaging,
}
crate::mirror!(
    ConsentChannelDto,
    Channel,
    [Email, Sms, Phone, Post, Messaging]
);

/// What contact is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurposeDto {
    Marketing,
    Service,
}
crate::mirror!(ConsentPurposeDto, Purpose, [Marketing, Service]);

/// A grant or a withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatusDto {
    Granted,
    Withdrawn,
}
crate::mirror!(ConsentStatusDto, ConsentStatus, [Granted, Withdrawn]);

/// The current consent of one channel and purpose: the latest ledger entry of the pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentStateDto {
    pub channel: ConsentChannelDto,
    pub purpose: ConsentPurposeDto,
    pub status: ConsentStatusDto,
    /// When the latest entry of this channel and purpose was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// One entry of a person's consent ledger.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentEntryDto {
    pub id: Uuid,
    pub channel: ConsentChannelDto,
    pub purpose: ConsentPurposeDto,
    pub status: ConsentStatusDto,
    /// When the person gave or withdrew consent.
    pub recorded_at: DateTime<Utc>,
    #[schema(example = "web_form")]
    pub source: Option<String>,
    /// How the consent was given or withdrawn (a form's URL, a call note…).
    #[schema(example = "form https://example.com/signup from 203.0.113.7")]
    pub proof: Option<String>,
    /// The version of the consent wording the person was shown.
    #[schema(example = "marketing-2026-03")]
    pub wording_version: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<ConsentEntry> for ConsentEntryDto {
    fn from(e: ConsentEntry) -> Self {
        Self {
            id: e.id,
            channel: e.channel.into(),
            purpose: e.purpose.into(),
            status: e.status.into(),
            recorded_at: e.recorded_at,
            source: e.source,
            proof: e.proof,
            wording_version: e.wording_version,
            actor_kind: e.actor_kind,
            actor_id: e.actor_id,
            created_at: e.created_at,
        }
    }
}

crate::page_of!(ConsentEntryPage, ConsentEntryDto);

/// What a contact point is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum ContactLabelDto {
    #[default]
    Work,
    Home,
    Mobile,
    Other,
}
crate::mirror!(ContactLabelDto, ContactLabel, [Work, Home, Mobile, Other]);

/// How a record arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceChannelDto {
    WebForm,
    Import,
    Referral,
    Campaign,
    Event,
    Manual,
    Api,
    /// An inbound email from an unknown sender.
    Email,
    Other,
}

impl SourceChannelDto {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceChannelDto::WebForm => "web_form",
            SourceChannelDto::Import => "import",
            SourceChannelDto::Referral => "referral",
            SourceChannelDto::Campaign => "campaign",
            SourceChannelDto::Event => "event",
            SourceChannelDto::Manual => "manual",
            SourceChannelDto::Api => "api",
            SourceChannelDto::Email => "email",
            SourceChannelDto::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<SourceChannelDto> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// How a record arrived, as given.
#[derive(Debug, Clone, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SourceInput {
    pub channel: Option<SourceChannelDto>,
    #[schema(max_length = 500)]
    pub detail: Option<String>,
}

/// An email address of a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailDto {
    /// The address, lower-cased.
    #[schema(example = "ada@example.com")]
    pub address: String,
    pub label: ContactLabelDto,
    pub primary: bool,
}

/// A phone number of a person, in E.164.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhoneDto {
    /// The number in E.164.
    #[schema(example = "+442071838750")]
    pub number: String,
    pub label: ContactLabelDto,
    pub primary: bool,
}

/// How a record arrived.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceDto {
    pub channel: Option<SourceChannelDto>,
    pub detail: Option<String>,
}

/// A person: one customer or prospect, shared by everyone in the organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDto {
    pub id: Uuid,
    #[schema(example = "Ada")]
    pub first_name: Option<String>,
    #[schema(example = "Lovelace")]
    pub last_name: Option<String>,
    pub emails: Vec<EmailDto>,
    pub phones: Vec<PhoneDto>,
    pub lifecycle_stage: LifecycleStageDto,
    /// The staff user responsible for the relationship.
    pub owner_id: Option<Uuid>,
    pub source: SourceDto,
    /// The id of this person in another system.
    pub external_id: Option<String>,
    #[schema(example = "en-GB")]
    pub language: Option<String>,
    #[schema(example = "Europe/London")]
    pub time_zone: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub addresses: Vec<AddressDto>,
    pub social_profiles: Vec<SocialProfileDto>,
    #[schema(example = json!(["vip", "newsletter"]))]
    pub tags: Vec<String>,
    /// The current consent of each channel and purpose that has a ledger entry.
    pub consents: Vec<ConsentStateDto>,
    /// Custom field values by key (see `/v1/custom-fields`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>, example = json!({"shoe_size": 39, "tier": "gold"}))]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<EmailPoint> for EmailDto {
    fn from(e: EmailPoint) -> Self {
        Self {
            address: e.address,
            label: e.label.into(),
            primary: e.primary,
        }
    }
}

impl From<PhonePoint> for PhoneDto {
    fn from(p: PhonePoint) -> Self {
        Self {
            number: p.number,
            label: p.label.into(),
            primary: p.primary,
        }
    }
}

impl From<Person> for PersonDto {
    fn from(p: Person) -> Self {
        Self {
            id: p.id.into(),
            first_name: p.first_name,
            last_name: p.last_name,
            emails: p.emails.into_iter().map(Into::into).collect(),
            phones: p.phones.into_iter().map(Into::into).collect(),
            lifecycle_stage: p.lifecycle_stage.into(),
            owner_id: p.owner_id.map(Into::into),
            source: SourceDto {
                channel: p
                    .source
                    .channel
                    .as_deref()
                    .and_then(SourceChannelDto::parse),
                detail: p.source.detail,
            },
            external_id: p.external_id,
            language: p.language,
            time_zone: p.time_zone,
            birthday: p.birthday,
            addresses: all(p.addresses),
            social_profiles: all(p.social_profiles),
            tags: p.tags,
            consents: p
                .consents
                .into_iter()
                .map(|c| ConsentStateDto {
                    channel: c.channel.into(),
                    purpose: c.purpose.into(),
                    status: c.status.into(),
                    recorded_at: c.recorded_at,
                })
                .collect(),
            custom_fields: p.custom_fields,
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

crate::page_of!(PersonPage, PersonDto);

/// One change of a person's lifecycle stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct LifecycleChangeDto {
    pub id: Uuid,
    /// Null for the stage the person was created in.
    pub from_stage: Option<LifecycleStageDto>,
    pub to_stage: LifecycleStageDto,
    /// When the stage changed.
    pub changed_at: DateTime<Utc>,
    #[schema(example = "user")]
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
}

impl From<LifecycleChange> for LifecycleChangeDto {
    fn from(c: LifecycleChange) -> Self {
        Self {
            id: c.id,
            from_stage: c.from_stage.map(Into::into),
            to_stage: c.to_stage.into(),
            changed_at: c.changed_at,
            actor_kind: c.actor_kind,
            actor_id: c.actor_id,
        }
    }
}

crate::page_of!(LifecycleChangePage, LifecycleChangeDto);
