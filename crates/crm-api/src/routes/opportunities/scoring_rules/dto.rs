//! Wire types of lead scoring rules.

use crate::http::patch::Patch;
use crate::routes::interactions::interactions::dto::ChannelDto;
use chrono::{DateTime, Utc};
use crm_opportunities::scoring::{
    EventInput, EventKind, EventTrigger, ScoringRule, ScoringRuleInput, Trigger,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// The kind of event a rule counts: an `interaction` linked to the person, an `order`
/// of theirs paid or fulfilled, a `page_visit` an integration reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKindDto {
    Interaction,
    Order,
    PageVisit,
}
crate::mirror!(EventKindDto, EventKind, [Interaction, Order, PageVisit]);

/// Which events an event rule counts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDto {
    pub kind: EventKindDto,
    /// Interactions only: count those of this channel (all channels when absent).
    pub channel: Option<ChannelDto>,
    /// Page visits only: count those whose URL contains this text, ignoring case.
    #[schema(max_length = 200, example = "/pricing")]
    pub url_contains: Option<String>,
}

impl From<EventTrigger> for EventDto {
    fn from(e: EventTrigger) -> Self {
        Self {
            kind: e.kind.into(),
            channel: e
                .channel
                .as_deref()
                .and_then(crm_interactions::interaction::Channel::parse)
                .map(Into::into),
            url_contains: e.url_contains,
        }
    }
}

impl From<EventDto> for EventInput {
    fn from(e: EventDto) -> Self {
        let channel: Option<crm_interactions::interaction::Channel> = e.channel.map(Into::into);
        EventInput {
            kind: e.kind.into(),
            channel: channel.map(|c| c.as_str().to_string()),
            url_contains: e.url_contains,
        }
    }
}

/// A lead scoring rule: points for being a person a condition matches, or for each
/// event of a kind (optionally halving every `half_life_days`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoringRuleDto {
    pub id: Uuid,
    #[schema(example = "Paying customers")]
    pub name: String,
    /// A filter tree over people (the fields of `POST /v1/people/search`); null for an
    /// event rule.
    #[schema(value_type = Option<crate::http::filter::FilterNode>)]
    pub condition: Option<Value>,
    /// The events counted; null for a condition rule.
    pub event: Option<EventDto>,
    /// Points per match or per event; negative ones take points away.
    #[schema(example = 20)]
    pub points: i64,
    /// An event's points halve every this many days after it happened.
    pub half_life_days: Option<u32>,
    /// An inactive rule gives no points.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<ScoringRule> for ScoringRuleDto {
    fn from(r: ScoringRule) -> Self {
        let (condition, event) = match r.trigger {
            Trigger::Condition(c) => (Some(c), None),
            Trigger::Event(e) => (None, Some(e.into())),
        };
        Self {
            id: r.id,
            name: r.name,
            condition,
            event,
            points: r.points,
            half_life_days: r.half_life_days,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

crate::page_of!(ScoringRulePage, ScoringRuleDto);

/// A rule to add: a `condition` or an `event` (not both), and its points.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Paying customers", "points": 20,
    "condition": {"all": [{"field": "lifecycle_stage", "op": "eq", "value": "customer"},
                          {"field": "spend.total", "op": "gte", "value": "1000"}]}}))]
pub struct CreateScoringRuleRequest {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// A filter tree over people, as people search takes (custom fields included; not
    /// `score`).
    #[schema(value_type = Option<crate::http::filter::FilterNode>)]
    pub condition: Option<Value>,
    /// The events to count instead of a condition.
    pub event: Option<EventDto>,
    /// From -1000 to 1000, not 0.
    #[schema(minimum = -1000, maximum = 1000, example = 20)]
    pub points: i64,
    /// Event rules only: points halve every this many days.
    #[schema(minimum = 1, maximum = 3650)]
    pub half_life_days: Option<i64>,
    /// False keeps the rule without its points; true when absent.
    pub active: Option<bool>,
}

impl From<CreateScoringRuleRequest> for ScoringRuleInput {
    fn from(r: CreateScoringRuleRequest) -> Self {
        ScoringRuleInput {
            name: Some(Some(r.name)),
            condition: r.condition.map(Some),
            event: r.event.map(|e| Some(e.into())),
            points: Some(Some(r.points)),
            half_life_days: r.half_life_days.map(Some),
            active: r.active.map(Some),
        }
    }
}

/// A merge-patch of a rule: absent fields stay. Sending a `condition` makes it a
/// condition rule and an `event` an event rule (send the other as null).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"points": 25}))]
pub struct UpdateScoringRuleRequest {
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Patch<String>,
    /// A filter tree over people: the rule becomes (or stays) a condition rule.
    #[serde(default)]
    #[schema(value_type = Option<crate::http::filter::FilterNode>, required = false)]
    pub condition: Patch<Value>,
    /// The events to count: the rule becomes (or stays) an event rule.
    #[serde(default)]
    #[schema(value_type = Option<EventDto>, required = false)]
    pub event: Patch<EventDto>,
    /// From -1000 to 1000, not 0.
    #[serde(default)]
    #[schema(value_type = i64, required = false, minimum = -1000, maximum = 1000)]
    pub points: Patch<i64>,
    /// Event rules only: points halve every this many days; null for no decay.
    #[serde(default)]
    #[schema(value_type = Option<i64>, required = false, minimum = 1, maximum = 3650)]
    pub half_life_days: Patch<i64>,
    /// False keeps the rule without its points.
    #[serde(default)]
    #[schema(value_type = bool, required = false)]
    pub active: Patch<bool>,
}

impl From<UpdateScoringRuleRequest> for ScoringRuleInput {
    fn from(r: UpdateScoringRuleRequest) -> Self {
        ScoringRuleInput {
            name: r.name.map_field(|v| v),
            condition: r.condition.map_field(|v| v),
            event: r.event.map_field(Into::into),
            points: r.points.map_field(|v| v),
            half_life_days: r.half_life_days.map_field(|v| v),
            active: r.active.map_field(|v| v),
        }
    }
}
