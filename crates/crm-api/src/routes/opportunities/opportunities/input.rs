//! What writes, searches and lists of opportunities take: a new opportunity, a
//! merge-patch of one (a stage move among them), the search body and the list's typed
//! filters (`owner=me` among them).

use crate::http::error::ApiError;
use crate::http::money::AmountDto;
use crate::http::page::Listing;
use crate::http::patch::Patch;
use crate::http::text::Bounded;
use crate::routes::opportunities::pipelines::dto::StageKindDto;
use chrono::NaiveDate;
use crm_core::Actor;
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_opportunities::opportunity::{MoneyInput, OpportunityInput, OpportunityPatchInput};
use crm_opportunities::pipeline::StageKind;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

impl From<AmountDto> for MoneyInput {
    fn from(m: AmountDto) -> Self {
        MoneyInput {
            amount: m.amount,
            currency: m.currency,
        }
    }
}

/// An opportunity to add, with a person, a company or both. Without `pipeline_id` it
/// goes to the pipeline of `stage_id`, or to the organisation's oldest pipeline; without
/// `stage_id`, to its pipeline's first live open stage.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Acme: 40 seats, yearly", "company_id": "01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f", "amount": {"amount": "12000.00", "currency": "EUR"}, "expected_close_date": "2027-03-31", "source": "referral"}))]
pub struct CreateOpportunityRequest {
    /// What is being sold, in a line.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    /// The person buying (a live person of the organisation).
    pub person_id: Option<Uuid>,
    /// The company buying (a live company of the organisation).
    pub company_id: Option<Uuid>,
    /// A live pipeline of the organisation.
    pub pipeline_id: Option<Uuid>,
    /// A live (not retired) stage of the pipeline.
    pub stage_id: Option<Uuid>,
    /// What it is worth: zero or more, in the currency's minor unit at most. Not with
    /// `lines`, whose net total it is then.
    pub amount: Option<AmountDto>,
    /// The currency of `lines` (required with them).
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
    /// The products proposed, priced as an order's lines are (price lists, the
    /// products' prices, tax rates): 1 to 500.
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Option<Vec<crate::routes::opportunities::orders::input::LineRequest>>,
    /// When it is expected to close.
    pub expected_close_date: Option<NaiveDate>,
    /// The staff user who owns it; the caller when absent (none for an API key), none
    /// when null.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Patch<Uuid>,
    /// Where it came from.
    #[schema(max_length = 100)]
    pub source: Option<String>,
    /// What happens next.
    #[schema(max_length = 500)]
    pub next_step: Option<String>,
    /// Why it was won or lost: only with a won or lost `stage_id`.
    #[schema(max_length = 500)]
    pub close_reason: Option<String>,
    /// The id another system knows it by, unique in the organisation.
    #[schema(max_length = 255)]
    pub external_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::routes::tags::TagName>, max_items = 50)]
    pub tags: Vec<String>,
    /// Values of the organisation's opportunity custom fields, by key.
    #[serde(default)]
    #[schema(value_type = std::collections::HashMap<String, crate::routes::custom_fields::values::CustomFieldInput>)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl From<CreateOpportunityRequest> for OpportunityInput {
    fn from(b: CreateOpportunityRequest) -> Self {
        OpportunityInput {
            name: Some(b.name),
            person_id: b.person_id.map(PersonId),
            company_id: b.company_id.map(CompanyId),
            pipeline_id: b.pipeline_id,
            stage_id: b.stage_id,
            amount: b.amount.map(Into::into),
            currency: b.currency,
            lines: b.lines.map(|l| l.into_iter().map(Into::into).collect()),
            expected_close_date: b.expected_close_date,
            owner_id: b.owner_id.map_field(UserId),
            source: b.source,
            next_step: b.next_step,
            close_reason: b.close_reason,
            external_id: b.external_id,
            tags: b.tags,
            custom_fields: b.custom_fields,
        }
    }
}

/// A merge-patch of an opportunity: absent fields stay, `null` clears, `tags` is
/// replaced whole. `stage_id` moves it (a stage of its pipeline, or of `pipeline_id`
/// when that changes too); `status` alone (`won`, `lost`, `open`) moves it to the
/// pipeline's first live stage of that kind.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "won", "close_reason": "Best total cost over three years"}))]
pub struct UpdateOpportunityRequest {
    /// What is being sold, in a line.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Patch<String>,
    /// The person buying; null for none (a company must remain).
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub person_id: Patch<Uuid>,
    /// The company buying; null for none (a person must remain).
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub company_id: Patch<Uuid>,
    /// Moves it to another live pipeline (to `stage_id`, or to the first live stage of
    /// its status there).
    #[serde(default)]
    #[schema(value_type = Uuid, required = false)]
    pub pipeline_id: Patch<Uuid>,
    /// Moves it to this live stage of its pipeline.
    #[serde(default)]
    #[schema(value_type = Uuid, required = false)]
    pub stage_id: Patch<Uuid>,
    /// Closes (`won`, `lost`) or reopens (`open`) it in the pipeline's first live stage
    /// of that kind, unless `stage_id` names one (which must be of this kind).
    #[serde(default)]
    #[schema(value_type = StageKindDto, required = false)]
    pub status: Patch<StageKindDto>,
    /// What it is worth; null when unknown. Not on an opportunity with lines (their net
    /// total is its amount).
    #[serde(default)]
    #[schema(value_type = Option<AmountDto>)]
    pub amount: Patch<AmountDto>,
    /// When it is expected to close; null when unknown.
    #[serde(default)]
    #[schema(value_type = Option<NaiveDate>)]
    pub expected_close_date: Patch<NaiveDate>,
    /// The staff user who owns it; null for nobody.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Patch<Uuid>,
    /// Where it came from.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub source: Patch<String>,
    /// What happens next.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub next_step: Patch<String>,
    /// Why it was won or lost: only on a closed opportunity (reopening drops it).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub close_reason: Patch<String>,
    /// The id another system knows it by, unique in the organisation.
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

impl From<UpdateOpportunityRequest> for OpportunityPatchInput {
    fn from(r: UpdateOpportunityRequest) -> Self {
        OpportunityPatchInput {
            name: r.name.map_field(|v| v),
            person_id: r.person_id.map_field(PersonId),
            company_id: r.company_id.map_field(CompanyId),
            pipeline_id: r.pipeline_id.map_field(|v| v),
            stage_id: r.stage_id.map_field(|v| v),
            status: r.status.map_field(Into::into),
            amount: r.amount.map_field(Into::into),
            currency: None,
            lines: None,
            expected_close_date: r.expected_close_date.map_field(|v| v),
            owner_id: r.owner_id.map_field(UserId),
            source: r.source.map_field(|v| v),
            next_step: r.next_step.map_field(|v| v),
            close_reason: r.close_reason.map_field(|v| v),
            external_id: r.external_id.map_field(|v| v),
            tags: r.tags.map_field(|v| v),
            custom_fields: r.custom_fields,
        }
    }
}

crate::search_request!(
    /// Fields: `name`, `status`, `pipeline_id`, `stage_id`, `person_id`, `company_id`,
    /// `owner_id`, `created_by`, `amount` (exact; with `currency`), `currency`,
    /// `expected_close_date`, `source`, `close_reason`, `closed_at`,
    /// `stage_entered_at`, `external_id`, `tags`, `created_at`, `updated_at` and
    /// `custom_fields.<key>`.
    OpportunitySearchRequest,
    example = {"all": [{"field": "status", "op": "eq", "value": "open"}, {"field": "currency", "op": "eq", "value": "EUR"}, {"field": "amount", "op": "gte", "value": "10000"}]},
    sort = "^((created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$"
);

crate::list_params!(
    /// Filters of the opportunity list.
    OpportunityListParams, sort = "^((created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|stage_entered_at|expected_close_date|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only opportunities owned by this staff user; `me` for the caller.
        #[param(value_type = Option<String>, pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
        owner: Option<Bounded<36>>,
        /// Only opportunities in this state.
        status: Option<StageKindDto>,
        /// Only opportunities in this pipeline.
        pipeline_id: Option<Uuid>,
        /// Only opportunities in this stage.
        stage_id: Option<Uuid>,
        /// Only opportunities with this person.
        person_id: Option<Uuid>,
        /// Only opportunities with this company.
        company_id: Option<Uuid>,
        /// Only opportunities expected to close on or after this day.
        close_after: Option<NaiveDate>,
        /// Only opportunities expected to close before this day.
        close_before: Option<NaiveDate>,
        /// Only opportunities with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against names and next steps.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl Listing for OpportunityListParams {
    fn filter(&self, actor: &Actor) -> Result<Option<Filter>, ApiError> {
        let mut all = Vec::new();
        if let Some(o) = crate::http::me::staff_user(self.owner.as_ref(), actor, "owner")? {
            all.push(Filter::one(
                "owner_id",
                FieldType::Uuid,
                true,
                Op::Eq,
                Scalar::Uuid(o),
            ));
        }
        if let Some(s) = self.status {
            let name = StageKind::from(s).as_str().into();
            all.push(Filter::one(
                "status",
                FieldType::Text,
                false,
                Op::Eq,
                Scalar::Text(name),
            ));
        }
        for (field, id, nullable) in [
            ("pipeline_id", self.pipeline_id, false),
            ("stage_id", self.stage_id, false),
            ("person_id", self.person_id, true),
            ("company_id", self.company_id, true),
        ] {
            if let Some(id) = id {
                all.push(Filter::one(
                    field,
                    FieldType::Uuid,
                    nullable,
                    Op::Eq,
                    Scalar::Uuid(id),
                ));
            }
        }
        for (op, v) in [(Op::Gte, self.close_after), (Op::Lt, self.close_before)] {
            if let Some(d) = v {
                let day = Scalar::Date(d);
                all.push(Filter::one(
                    "expected_close_date",
                    FieldType::Date,
                    true,
                    op,
                    day,
                ));
            }
        }
        all.extend(crate::http::page::tagged(self.tag.as_ref()));
        Ok((!all.is_empty()).then_some(Filter::All(all)))
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
