//! Wire types of interactions, as reads return them, and the enums writes share.

use chrono::{DateTime, Utc};
use crm_interactions::interaction::{Channel, Direction, Interaction, Social, Visibility};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How a touch happened. `social` is a post or message on a social network (see
/// `social`); `note` is a staff note with no direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelDto {
    Call,
    Email,
    Meeting,
    SiteVisit,
    Letter,
    PrintedMaterial,
    Video,
    AudioConference,
    Chat,
    Sms,
    InstantMessage,
    Social,
    Note,
}
crate::mirror!(
    ChannelDto,
    Channel,
    [
        Call,
        Email,
        Meeting,
        SiteVisit,
        Letter,
        PrintedMaterial,
        Video,
        AudioConference,
        Chat,
        Sms,
        InstantMessage,
        Social,
        Note
    ]
);

/// Who started the touch: the customer (`inbound`) or the business (`outbound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DirectionDto {
    Inbound,
    Outbound,
}
crate::mirror!(DirectionDto, Direction, [Inbound, Outbound]);

/// Whether a social touch was public (a post) or private (a direct message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisibilityDto {
    Public,
    Private,
}
crate::mirror!(VisibilityDto, Visibility, [Public, Private]);

/// Where a `social` interaction happened.
#[derive(Debug, Serialize, ToSchema)]
pub struct SocialDto {
    /// The network's name as the business calls it.
    #[schema(example = "mastodon")]
    pub network: String,
    /// The post or message, when it has an address.
    #[schema(example = "https://social.example/@shop/112233")]
    pub url: Option<String>,
    pub visibility: VisibilityDto,
}

impl From<Social> for SocialDto {
    fn from(s: Social) -> Self {
        Self {
            network: s.network,
            url: s.url,
            visibility: s.visibility.into(),
        }
    }
}

/// One touch with a customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct InteractionDto {
    pub id: Uuid,
    pub channel: ChannelDto,
    /// Who started it: the customer (`inbound`) or the business (`outbound`); a note has none.
    pub direction: Option<DirectionDto>,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// How long a call or meeting lasted, in seconds.
    #[schema(example = 540)]
    pub duration_seconds: Option<i32>,
    /// What it was about, in a line.
    #[schema(example = "Renewal of the support contract")]
    pub subject: Option<String>,
    /// What was said or written.
    #[schema(example = "Asked for the new price list; will decide by Friday.")]
    pub body: Option<String>,
    /// How it ended, in a few words.
    #[schema(example = "Call back on Friday")]
    pub outcome: Option<String>,
    /// Where a `social` interaction happened; null for every other channel.
    pub social: Option<SocialDto>,
    /// The people it was with, in the order given.
    pub person_ids: Vec<Uuid>,
    /// The companies it was with, in the order given.
    pub company_ids: Vec<Uuid>,
    /// The staff users who took part, in the order given.
    pub user_ids: Vec<Uuid>,
    /// The staff user who logged it; null when an API key did.
    pub logged_by: Option<Uuid>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    /// Custom field values by key (see `/v1/custom-fields?resource=interaction`).
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldValue>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Interaction> for InteractionDto {
    fn from(i: Interaction) -> Self {
        Self {
            id: i.id.into(),
            channel: i.channel.into(),
            direction: i.direction.map(Into::into),
            occurred_at: i.occurred_at,
            duration_seconds: i.duration_seconds,
            subject: i.subject,
            body: i.body,
            outcome: i.outcome,
            social: i.social.map(Into::into),
            person_ids: i.person_ids.into_iter().map(Into::into).collect(),
            company_ids: i.company_ids.into_iter().map(Into::into).collect(),
            user_ids: i.user_ids.into_iter().map(Into::into).collect(),
            logged_by: i.logged_by.map(Into::into),
            external_id: i.external_id,
            tags: i.tags,
            custom_fields: i.custom_fields,
            created_at: i.created_at,
            updated_at: i.updated_at,
            version: i.version,
        }
    }
}

crate::page_of!(InteractionPage, InteractionDto);
