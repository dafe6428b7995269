//! What writes, searches and lists of interactions take: a new interaction, a
//! merge-patch of one, the search body and the list's typed filters.

use super::dto::{ChannelDto, DirectionDto, VisibilityDto};
use crate::http::error::ApiError;
use crate::http::moment::Moment;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use chrono::{DateTime, Utc};
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_interactions::interaction::{
    Channel, InteractionInput, InteractionPatchInput, SocialInput,
};
use crm_interactions::task::TaskInput;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a `social` interaction happened; only that channel has it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SocialRequest {
    /// The network's name as the business calls it.
    #[schema(example = "mastodon", max_length = 50, pattern = "\\S")]
    pub network: String,
    /// The post or message, when it has an address.
    #[schema(
        example = "https://social.example/@shop/112233",
        max_length = 2048,
        pattern = "^https?://[^/\\s]\\S*$"
    )]
    pub url: Option<String>,
    pub visibility: VisibilityDto,
}

impl From<SocialRequest> for SocialInput {
    fn from(s: SocialRequest) -> Self {
        SocialInput {
            network: Some(s.network),
            url: s.url,
            visibility: Some(s.visibility.into()),
        }
    }
}

/// A task to follow an interaction up, concerning the same people and companies.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// What to do, in a line.
    #[schema(
        example = "Send the new price list",
        min_length = 1,
        max_length = 200,
        pattern = "\\S"
    )]
    pub title: String,
    /// More about it.
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// When it is due.
    pub due_at: Option<DateTime<Utc>>,
    /// The IANA zone of the due time (UTC if absent).
    #[schema(example = "Europe/Paris", max_length = 64)]
    pub time_zone: Option<String>,
    /// The staff user who must do it.
    pub assignee_id: Option<Uuid>,
    /// `normal` if absent.
    pub priority: Option<crate::routes::interactions::tasks::dto::PriorityDto>,
}

impl From<FollowUpRequest> for TaskInput {
    fn from(f: FollowUpRequest) -> Self {
        TaskInput {
            title: Some(f.title),
            description: f.description,
            due_at: f.due_at,
            time_zone: f.time_zone,
            assignee_id: f.assignee_id.map(UserId),
            priority: f.priority.map(Into::into),
            ..Default::default()
        }
    }
}

/// An interaction to log. It is with at least one person or company; `social` is given
/// for the `social` channel and only for it; a `note` has no direction.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channel": "call", "direction": "outbound", "occurred_at": "2026-12-01T09:30:00Z", "duration_seconds": 540, "subject": "Renewal of the support contract", "outcome": "Call back on Friday", "person_ids": ["01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f"], "tags": ["renewal"]}))]
pub struct CreateInteractionRequest {
    pub channel: ChannelDto,
    /// Who started it: the customer (`inbound`) or the business (`outbound`); a note has none.
    pub direction: Option<DirectionDto>,
    /// When it happened; now if absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// How long a call or meeting lasted, in seconds (at most 31 days).
    #[schema(example = 540, minimum = 0, maximum = 2678400)]
    pub duration_seconds: Option<i64>,
    /// What it was about, in a line.
    #[schema(example = "Renewal of the support contract", max_length = 300)]
    pub subject: Option<String>,
    /// What was said or written.
    #[schema(max_length = 100000)]
    pub body: Option<String>,
    /// How it ended, in a few words.
    #[schema(example = "Call back on Friday", max_length = 200)]
    pub outcome: Option<String>,
    /// Where a `social` interaction happened: only that channel has it.
    pub social: Option<SocialRequest>,
    /// The people it was with (live people of the organisation).
    #[serde(default)]
    #[schema(max_items = 50)]
    pub person_ids: Vec<Uuid>,
    /// The companies it was with.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub company_ids: Vec<Uuid>,
    /// The staff users who took part.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub user_ids: Vec<Uuid>,
    /// The id in the system it came from (a phone system's call id), unique per organisation.
    #[schema(max_length = 255)]
    pub external_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's interaction custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    /// A task to follow it up, created with it (`GET /v1/tasks?interaction_id=…`).
    pub follow_up: Option<FollowUpRequest>,
}

impl From<CreateInteractionRequest> for InteractionInput {
    fn from(b: CreateInteractionRequest) -> Self {
        InteractionInput {
            channel: Some(Channel::from(b.channel)),
            direction: b.direction.map(Into::into),
            occurred_at: Some(b.occurred_at.unwrap_or_else(Utc::now)),
            duration_seconds: b.duration_seconds,
            subject: b.subject,
            body: b.body,
            outcome: b.outcome,
            social: b.social.map(Into::into),
            person_ids: b.person_ids.into_iter().map(PersonId).collect(),
            company_ids: b.company_ids.into_iter().map(CompanyId).collect(),
            user_ids: b.user_ids.into_iter().map(UserId).collect(),
            external_id: b.external_id,
            tags: b.tags,
            custom_fields: b.custom_fields,
            follow_up: b.follow_up.map(Into::into),
        }
    }
}

/// A merge-patch of an interaction: absent fields stay, `null` clears, lists and
/// `social` are replaced whole. The result must still be with a person or company.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "Agreed to renew for two years", "duration_seconds": null}))]
pub struct UpdateInteractionRequest {
    #[serde(default)]
    #[schema(value_type = ChannelDto, required = false)]
    pub channel: Patch<ChannelDto>,
    /// Who started it: the customer (`inbound`) or the business (`outbound`); a note has none.
    #[serde(default)]
    #[schema(value_type = Option<DirectionDto>)]
    pub direction: Patch<DirectionDto>,
    #[serde(default)]
    #[schema(value_type = DateTime<Utc>, required = false)]
    pub occurred_at: Patch<DateTime<Utc>>,
    /// How long a call or meeting lasted, in seconds (at most 31 days).
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 2678400)]
    pub duration_seconds: Patch<i64>,
    /// What it was about, in a line.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 300)]
    pub subject: Patch<String>,
    /// What was said or written.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100000)]
    pub body: Patch<String>,
    /// How it ended, in a few words.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub outcome: Patch<String>,
    /// Where a `social` interaction happened: only that channel has it.
    #[serde(default)]
    #[schema(value_type = Option<SocialRequest>)]
    pub social: Patch<SocialRequest>,
    /// The people it was with (live people of the organisation); replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 50)]
    pub person_ids: Patch<Vec<Uuid>>,
    /// The companies it was with; replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 50)]
    pub company_ids: Patch<Vec<Uuid>>,
    /// The staff users who took part; replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 50)]
    pub user_ids: Patch<Vec<Uuid>>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub external_id: Patch<String>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdateInteractionRequest> for InteractionPatchInput {
    fn from(r: UpdateInteractionRequest) -> Self {
        InteractionPatchInput {
            channel: r.channel.map_field(Into::into),
            direction: r.direction.map_field(Into::into),
            occurred_at: r.occurred_at.map_field(|v| v),
            duration_seconds: r.duration_seconds.map_field(|v| v),
            subject: r.subject.map_field(|v| v),
            body: r.body.map_field(|v| v),
            outcome: r.outcome.map_field(|v| v),
            social: r.social.map_field(Into::into),
            person_ids: r
                .person_ids
                .map_field(|v| v.into_iter().map(PersonId).collect()),
            company_ids: r
                .company_ids
                .map_field(|v| v.into_iter().map(CompanyId).collect()),
            user_ids: r
                .user_ids
                .map_field(|v| v.into_iter().map(UserId).collect()),
            external_id: r.external_id.map_field(|v| v),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

crate::search_request!(
    /// Fields: `channel`, `direction`, `occurred_at`, `duration_seconds`, `subject`,
    /// `outcome`, `social.network`, `social.visibility`, `person_id`, `company_id` and
    /// `user_id` (`eq`/`in` when any linked record is one of them, `neq`/`not_in` when
    /// none is, `is_null` when there is none), `logged_by`, `external_id`, `tags`,
    /// `created_at`, `updated_at` and `custom_fields.<key>`.
    InteractionSearchRequest,
    example = {"all": [{"field": "channel", "op": "in", "value": ["call", "meeting"]}, {"field": "occurred_at", "op": "gte", "value": "2026-12-01T00:00:00Z"}]},
    sort = "^((created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the interaction list.
    InteractionListParams, sort = "^((created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|occurred_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only interactions on this channel.
        channel: Option<ChannelDto>,
        /// Only interactions with this person.
        person_id: Option<Uuid>,
        /// Only interactions with this company.
        company_id: Option<Uuid>,
        /// Only interactions this staff user took part in.
        user_id: Option<Uuid>,
        /// Only interactions with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against subjects, bodies and outcomes.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
        /// Only interactions that happened at or after this time.
        #[param(value_type = Option<String>)]
        occurred_after: Option<Moment>,
        /// Only interactions that happened before this time.
        #[param(value_type = Option<String>)]
        occurred_before: Option<Moment>,
    }
);

impl InteractionListParams {
    fn filters(&self) -> Option<Filter> {
        let mut all = Vec::new();
        if let Some(c) = self.channel {
            let name = Channel::from(c).as_str().into();
            all.push(Filter::one(
                "channel",
                FieldType::Text,
                false,
                Op::Eq,
                Scalar::Text(name),
            ));
        }
        for (field, id) in [
            ("person_id", self.person_id),
            ("company_id", self.company_id),
            ("user_id", self.user_id),
        ] {
            if let Some(id) = id {
                all.push(Filter::one(
                    field,
                    FieldType::Uuid,
                    true,
                    Op::Eq,
                    Scalar::Uuid(id),
                ));
            }
        }
        all.extend(crate::http::page::tagged(self.tag.as_ref()));
        for (op, v) in [
            (Op::Gte, self.occurred_after),
            (Op::Lt, self.occurred_before),
        ] {
            if let Some(Moment(v)) = v {
                let at = Scalar::Timestamp(v);
                all.push(Filter::one(
                    "occurred_at",
                    FieldType::Timestamp,
                    false,
                    op,
                    at,
                ));
            }
        }
        (!all.is_empty()).then_some(Filter::All(all))
    }
}

impl Listing for InteractionListParams {
    fn filter(&self, _actor: &crm_core::Actor) -> Result<Option<Filter>, ApiError> {
        Ok(self.filters())
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
