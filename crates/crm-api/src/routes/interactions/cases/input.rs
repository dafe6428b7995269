//! What writes, searches and lists of cases take: a new case, a merge-patch of one,
//! a comment, the search body and the list's typed filters (`assignee=me` among them).

use super::dto::{CaseStatusDto, CommentVisibilityDto};
use crate::http::error::ApiError;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use crate::routes::interactions::interactions::dto::ChannelDto;
use crate::routes::interactions::tasks::dto::PriorityDto;
use crm_core::Actor;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_interactions::case::{CaseInput, CasePatchInput, CaseStatus};
use crm_interactions::interaction::Channel;
use crm_interactions::task::Priority;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A case to open; it starts `new` and takes the organisation's next number.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"subject": "Invoice charged twice", "description": "Card charged twice for order 1042", "channel": "email", "priority": "high", "category": "billing", "person_ids": ["01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f"]}))]
pub struct CreateCaseRequest {
    /// The problem, in a line.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub subject: String,
    /// The problem as the customer told it.
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// The channel it came in on (`note` if absent).
    pub channel: Option<ChannelDto>,
    /// `normal` if absent.
    pub priority: Option<PriorityDto>,
    /// The organisation's own classification; SLA policies match on it.
    #[schema(max_length = 100)]
    pub category: Option<String>,
    /// The team that works it.
    #[schema(max_length = 100)]
    pub team: Option<String>,
    /// The staff user working it.
    pub assignee_id: Option<Uuid>,
    /// The interaction that raised it (a live interaction of the organisation).
    pub interaction_id: Option<Uuid>,
    /// The people it concerns (live people of the organisation).
    #[serde(default)]
    #[schema(max_items = 20)]
    pub person_ids: Vec<Uuid>,
    /// The companies it concerns.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub company_ids: Vec<Uuid>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's case custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreateCaseRequest> for CaseInput {
    fn from(b: CreateCaseRequest) -> Self {
        CaseInput {
            subject: Some(b.subject),
            description: b.description,
            priority: b.priority.map(Into::into),
            category: b.category,
            team: b.team,
            assignee_id: b.assignee_id.map(UserId),
            channel: b.channel.map(Into::into),
            interaction_id: b.interaction_id,
            person_ids: b.person_ids.into_iter().map(PersonId).collect(),
            company_ids: b.company_ids.into_iter().map(CompanyId).collect(),
            tags: b.tags,
            custom_fields: b.custom_fields,
        }
    }
}

/// A merge-patch of a case: absent fields stay, `null` clears, lists are replaced whole.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "resolved", "resolution": "Refunded the second charge"}))]
pub struct UpdateCaseRequest {
    /// The problem, in a line.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200, pattern = "\\S")]
    pub subject: Patch<String>,
    /// The problem as the customer told it.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub description: Patch<String>,
    /// A move along the workflow: `new → open | pending_customer | resolved`, `open →
    /// pending_customer | resolved`, `pending_customer → open | resolved`, `resolved →
    /// closed | reopened`, `closed → reopened`, `reopened → open | pending_customer |
    /// resolved`; any other move is a 409.
    #[serde(default)]
    #[schema(value_type = CaseStatusDto, required = false)]
    pub status: Patch<CaseStatusDto>,
    #[serde(default)]
    #[schema(value_type = PriorityDto, required = false)]
    pub priority: Patch<PriorityDto>,
    /// The organisation's own classification; null for none.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub category: Patch<String>,
    /// The team that works it; null for none.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub team: Patch<String>,
    /// The staff user working it; null for nobody.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Patch<Uuid>,
    /// How it was solved.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 10000)]
    pub resolution: Patch<String>,
    /// The people it concerns; replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 20)]
    pub person_ids: Patch<Vec<Uuid>>,
    /// The companies it concerns; replaced whole.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Uuid>>, max_items = 20)]
    pub company_ids: Patch<Vec<Uuid>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::routes::tags::TagName>>, max_items = 50)]
    pub tags: Patch<Vec<String>>,
    /// Custom fields to change, by key: a value sets, `null` clears, absent keys stay.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<UpdateCaseRequest> for CasePatchInput {
    fn from(r: UpdateCaseRequest) -> Self {
        CasePatchInput {
            subject: r.subject.map_field(|v| v),
            description: r.description.map_field(|v| v),
            status: r.status.map_field(Into::into),
            priority: r.priority.map_field(Into::into),
            category: r.category.map_field(|v| v),
            team: r.team.map_field(|v| v),
            assignee_id: r.assignee_id.map_field(UserId),
            resolution: r.resolution.map_field(|v| v),
            person_ids: r
                .person_ids
                .map_field(|v| v.into_iter().map(PersonId).collect()),
            company_ids: r
                .company_ids
                .map_field(|v| v.into_iter().map(CompanyId).collect()),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

/// A comment to add to a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"body": "Refund issued; it shows on your statement within 5 days.", "visibility": "public"}))]
pub struct CreateCommentRequest {
    /// What to say.
    #[schema(min_length = 1, max_length = 10000, pattern = "\\S")]
    pub body: String,
    /// `internal` (staff only) if absent; the first `public` one is the case's first response.
    pub visibility: Option<CommentVisibilityDto>,
}

crate::search_request!(
    /// Fields: `number`, `subject`, `status`, `priority`, `category`, `team`, `channel`,
    /// `assignee_id`, `created_by`, `interaction_id`, `person_id` and `company_id` (any
    /// linked record), `first_response_at`, `resolved_at`, `closed_at`, `tags`,
    /// `created_at`, `updated_at` and `custom_fields.<key>`.
    CaseSearchRequest,
    example = {"all": [{"field": "status", "op": "in", "value": ["new", "open", "reopened"]}, {"field": "priority", "op": "eq", "value": "urgent"}]},
    sort = "^((created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the case list.
    CaseListParams, sort = "^((created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|number|sla_due_at|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only cases in this state.
        status: Option<CaseStatusDto>,
        /// Only cases of this priority.
        priority: Option<PriorityDto>,
        /// Only cases of this category.
        #[param(value_type = Option<String>, max_length = 100)]
        category: Option<Bounded<100>>,
        /// Only cases of this team.
        #[param(value_type = Option<String>, max_length = 100)]
        team: Option<Bounded<100>>,
        /// Only cases that came in on this channel.
        channel: Option<ChannelDto>,
        /// Only cases assigned to this staff user; `me` for the caller.
        #[param(value_type = Option<String>, pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
        assignee: Option<Bounded<36>>,
        /// Only cases concerning this person.
        person_id: Option<Uuid>,
        /// Only cases concerning this company.
        company_id: Option<Uuid>,
        /// Only cases that missed (true) or met so far (false) their SLA targets.
        sla_breached: Option<bool>,
        /// Only cases with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against subjects and descriptions.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl Listing for CaseListParams {
    fn filter(&self, actor: &Actor) -> Result<Option<Filter>, ApiError> {
        let text = |s: &str| Scalar::Text(s.into());
        let mut all = Vec::new();
        if let Some(a) = crate::http::me::staff_user(self.assignee.as_ref(), actor, "assignee")? {
            let a = Scalar::Uuid(a);
            all.push(Filter::one("assignee_id", FieldType::Uuid, true, Op::Eq, a));
        }
        let named = [
            ("status", self.status.map(|s| CaseStatus::from(s).as_str())),
            (
                "priority",
                self.priority.map(|p| Priority::from(p).as_str()),
            ),
            ("channel", self.channel.map(|c| Channel::from(c).as_str())),
        ];
        for (field, v) in named {
            if let Some(v) = v {
                all.push(Filter::one(field, FieldType::Text, false, Op::Eq, text(v)));
            }
        }
        for (field, v) in [("category", &self.category), ("team", &self.team)] {
            if let Some(v) = v.as_ref().and_then(Bounded::non_blank) {
                all.push(Filter::one(
                    field,
                    FieldType::Text,
                    true,
                    Op::Eq,
                    text(v.trim()),
                ));
            }
        }
        for (field, id) in [
            ("person_id", self.person_id),
            ("company_id", self.company_id),
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
        if let Some(b) = self.sla_breached {
            let b = Scalar::Boolean(b);
            all.push(Filter::one(
                "sla_breached",
                FieldType::Boolean,
                false,
                Op::Eq,
                b,
            ));
        }
        if let Some(t) = &self.tag {
            let tag = text(t.as_str().trim());
            all.push(Filter::one(
                "tags",
                FieldType::TextSet,
                true,
                Op::Contains,
                tag,
            ));
        }
        Ok((!all.is_empty()).then_some(Filter::All(all)))
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}

/// The customer's answer to the follow-up check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"solved": true, "rating": 5, "comment": "Quick and friendly"}))]
pub struct FollowUpRequest {
    /// Whether the problem is really solved: `true` closes the case, `false` reopens it.
    pub solved: bool,
    /// Satisfaction, 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<i64>,
    /// What the customer said about it.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}
