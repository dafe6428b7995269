//! Wire types of SLA policies and business hours.

use crate::http::patch::Patch;
use crate::routes::interactions::tasks::dto::PriorityDto;
use chrono::{DateTime, NaiveDate, Utc};
use crm_interactions::sla::{
    BusinessHours, BusinessHoursInput, SlaPolicy, SlaPolicyInput, Span, hhmm,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// First-response and resolution targets, in business minutes, for the cases of a
/// priority and category (either left out matches any). A case is worked to the most
/// specific policy that matches it: priority and category, then category, then
/// priority, then neither; the oldest among equals.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlaPolicyDto {
    pub id: Uuid,
    /// What the organisation calls it.
    #[schema(example = "Urgent billing")]
    pub name: String,
    /// The priority it applies to; null for any.
    pub priority: Option<PriorityDto>,
    /// The category it applies to (matched without regard to case); null for any.
    #[schema(example = "billing")]
    pub category: Option<String>,
    /// Business minutes from opening to the first public answer.
    #[schema(example = 60)]
    pub first_response_minutes: u32,
    /// Business minutes from opening to resolution, not counting the time the case
    /// waited on the customer.
    #[schema(example = 480)]
    pub resolution_minutes: u32,
    /// Days after resolution that the follow-up check is due; 0 for none.
    #[schema(example = 3)]
    pub follow_up_days: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<SlaPolicy> for SlaPolicyDto {
    fn from(p: SlaPolicy) -> Self {
        Self {
            id: p.id,
            name: p.name,
            priority: p.priority.map(Into::into),
            category: p.category,
            first_response_minutes: p.first_response_minutes,
            resolution_minutes: p.resolution_minutes,
            follow_up_days: p.follow_up_days,
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

crate::page_of!(SlaPolicyPage, SlaPolicyDto);

/// A policy to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Urgent", "priority": "urgent", "first_response_minutes": 30, "resolution_minutes": 240, "follow_up_days": 2}))]
pub struct CreateSlaPolicyRequest {
    /// What the organisation calls it.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// The priority it applies to; absent for any.
    pub priority: Option<PriorityDto>,
    /// The category it applies to; absent for any.
    #[schema(max_length = 100)]
    pub category: Option<String>,
    /// Business minutes from opening to the first public answer.
    #[schema(minimum = 1, maximum = 525600)]
    pub first_response_minutes: i64,
    /// Business minutes from opening to resolution.
    #[schema(minimum = 1, maximum = 525600)]
    pub resolution_minutes: i64,
    /// Days after resolution that the follow-up check is due (3 if absent; 0 for none).
    #[schema(minimum = 0, maximum = 90)]
    pub follow_up_days: Option<i64>,
}

impl From<CreateSlaPolicyRequest> for SlaPolicyInput {
    fn from(r: CreateSlaPolicyRequest) -> Self {
        SlaPolicyInput {
            name: Some(Some(r.name)),
            priority: Some(r.priority.map(Into::into)),
            category: Some(r.category),
            first_response_minutes: Some(Some(r.first_response_minutes)),
            resolution_minutes: Some(Some(r.resolution_minutes)),
            follow_up_days: r.follow_up_days.map(Some),
        }
    }
}

/// A merge-patch of a policy: absent fields stay, `null` clears the priority or category
/// (the policy then matches any).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"resolution_minutes": 360}))]
pub struct UpdateSlaPolicyRequest {
    /// What the organisation calls it.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Patch<String>,
    /// The priority it applies to; null for any.
    #[serde(default)]
    #[schema(value_type = Option<PriorityDto>)]
    pub priority: Patch<PriorityDto>,
    /// The category it applies to; null for any.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub category: Patch<String>,
    /// Business minutes from opening to the first public answer.
    #[serde(default)]
    #[schema(value_type = i64, required = false, minimum = 1, maximum = 525600)]
    pub first_response_minutes: Patch<i64>,
    /// Business minutes from opening to resolution.
    #[serde(default)]
    #[schema(value_type = i64, required = false, minimum = 1, maximum = 525600)]
    pub resolution_minutes: Patch<i64>,
    /// Days after resolution that the follow-up check is due; 0 for none.
    #[serde(default)]
    #[schema(value_type = i64, required = false, minimum = 0, maximum = 90)]
    pub follow_up_days: Patch<i64>,
}

impl From<UpdateSlaPolicyRequest> for SlaPolicyInput {
    fn from(r: UpdateSlaPolicyRequest) -> Self {
        SlaPolicyInput {
            name: r.name.map_field(|v| v),
            priority: r.priority.map_field(Into::into),
            category: r.category.map_field(|v| v),
            first_response_minutes: r.first_response_minutes.map_field(|v| v),
            resolution_minutes: r.resolution_minutes.map_field(|v| v),
            follow_up_days: r.follow_up_days.map_field(|v| v),
        }
    }
}

/// A stretch of working time in the organisation's zone, `HH:MM` to `HH:MM` (`24:00`
/// ends the day).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpanDto {
    /// When it starts.
    #[schema(example = "09:00", pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
    pub start: String,
    /// When it ends: after `start`, on the same day.
    #[schema(example = "17:00", pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
    pub end: String,
}

/// Working stretches per weekday, in order and not overlapping; a day left out or
/// empty is a day off.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHoursDto {
    /// Monday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub monday: Vec<SpanDto>,
    /// Tuesday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub tuesday: Vec<SpanDto>,
    /// Wednesday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub wednesday: Vec<SpanDto>,
    /// Thursday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub thursday: Vec<SpanDto>,
    /// Friday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub friday: Vec<SpanDto>,
    /// Saturday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub saturday: Vec<SpanDto>,
    /// Sunday's stretches.
    #[serde(default)]
    #[schema(max_items = 6)]
    pub sunday: Vec<SpanDto>,
}

/// When the organisation works: SLA deadlines count only these hours.
#[derive(Debug, Serialize, ToSchema)]
pub struct BusinessHoursDto {
    /// The IANA zone the hours and holidays are in.
    #[schema(example = "Europe/Paris")]
    pub time_zone: String,
    pub weekly: WeeklyHoursDto,
    /// Days off whatever the weekday, in order.
    pub holidays: Vec<NaiveDate>,
    /// 0 until the organisation sets its hours (every hour counts until then).
    pub version: i64,
}

impl BusinessHoursDto {
    pub fn new(h: BusinessHours, version: i64) -> Self {
        let day = |spans: &[Span]| {
            spans
                .iter()
                .map(|s| SpanDto {
                    start: hhmm(s.start),
                    end: hhmm(s.end),
                })
                .collect()
        };
        let w = &h.weekly;
        Self {
            time_zone: h.time_zone.clone(),
            weekly: WeeklyHoursDto {
                monday: day(&w[0]),
                tuesday: day(&w[1]),
                wednesday: day(&w[2]),
                thursday: day(&w[3]),
                friday: day(&w[4]),
                saturday: day(&w[5]),
                sunday: day(&w[6]),
            },
            holidays: h.holidays,
            version,
        }
    }
}

/// The organisation's business hours, replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"time_zone": "Europe/Paris", "weekly": {"monday": [{"start": "09:00", "end": "12:30"}, {"start": "13:30", "end": "17:30"}], "tuesday": [{"start": "09:00", "end": "17:30"}], "wednesday": [{"start": "09:00", "end": "17:30"}], "thursday": [{"start": "09:00", "end": "17:30"}], "friday": [{"start": "09:00", "end": "17:00"}]}, "holidays": ["2026-12-25", "2027-01-01"]}))]
pub struct ReplaceBusinessHoursRequest {
    /// The IANA zone the hours and holidays are in.
    #[schema(example = "Europe/Paris", max_length = 64)]
    pub time_zone: String,
    pub weekly: WeeklyHoursDto,
    /// Days off whatever the weekday.
    #[serde(default)]
    #[schema(max_items = 400)]
    pub holidays: Vec<NaiveDate>,
}

impl From<ReplaceBusinessHoursRequest> for BusinessHoursInput {
    fn from(r: ReplaceBusinessHoursRequest) -> Self {
        let day = |spans: Vec<SpanDto>| spans.into_iter().map(|s| (s.start, s.end)).collect();
        let w = r.weekly;
        BusinessHoursInput {
            time_zone: Some(r.time_zone),
            weekly: [
                day(w.monday),
                day(w.tuesday),
                day(w.wednesday),
                day(w.thursday),
                day(w.friday),
                day(w.saturday),
                day(w.sunday),
            ],
            holidays: r.holidays,
        }
    }
}
