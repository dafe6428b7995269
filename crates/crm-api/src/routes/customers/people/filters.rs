//! The typed filters of `GET /v1/people` (declared with `record_routes!` in `mod.rs`).

use super::dto::LifecycleStageDto;
use crate::http::error::ApiError;
use crate::http::moment::Moment;
use crate::http::page::Listing;
use crate::http::text::Bounded;
use chrono::{DateTime, Utc};
use crm_core::filter::{FieldType, Filter, Op, Scalar};
use crm_customers::LifecycleStage;
use uuid::Uuid;

crate::list_params!(
    /// Filters of the people list.
    PersonListParams, sort = "^((created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,(created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4}|-(created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})(,-(created_at|updated_at|last_name|first_name|spend\\.total|orders\\.last_at|orders\\.count|score|id|custom_fields\\.[a-z][a-z0-9_]{0,63})){0,4})$" {
        /// Only people at this stage.
        lifecycle_stage: Option<LifecycleStageDto>,
        /// Only people owned by this staff user.
        owner_id: Option<Uuid>,
        /// Only people who work at this company.
        company_id: Option<Uuid>,
        /// Only people whose current consent grants `channel:purpose`, e.g. `email:marketing`.
        #[param(value_type = Option<String>, pattern = "^(email|sms|phone|post|messaging):(marketing|service)$")]
        consent: Option<Bounded<30>>,
        /// Only people with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Free text matched against names, emails and phone numbers.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
        /// Only people created at or after this time.
        #[param(value_type = Option<String>)]
        created_after: Option<Moment>,
        /// Only people created before this time.
        #[param(value_type = Option<String>)]
        created_before: Option<Moment>,
        /// Only people changed at or after this time.
        #[param(value_type = Option<String>)]
        updated_after: Option<Moment>,
        /// Only people changed before this time.
        #[param(value_type = Option<String>)]
        updated_before: Option<Moment>,
    }
);

/// The filters a list and an export share: stage, owner, company and tag.
pub(crate) fn common_filters(
    stage: Option<LifecycleStageDto>,
    owner: Option<Uuid>,
    company: Option<Uuid>,
    tag: Option<&str>,
) -> Vec<Filter> {
    let mut all = Vec::new();
    if let Some(s) = stage {
        let stage: LifecycleStage = s.into();
        all.push(cond(
            "lifecycle_stage",
            FieldType::Text,
            false,
            Op::Eq,
            Scalar::Text(stage.as_str().into()),
        ));
    }
    if let Some(o) = owner {
        all.push(cond(
            "owner_id",
            FieldType::Uuid,
            true,
            Op::Eq,
            Scalar::Uuid(o),
        ));
    }
    if let Some(c) = company {
        all.push(cond(
            "company_id",
            FieldType::Uuid,
            true,
            Op::Eq,
            Scalar::Uuid(c),
        ));
    }
    if let Some(t) = tag {
        all.push(cond(
            "tags",
            FieldType::TextSet,
            true,
            Op::Contains,
            Scalar::Text(t.trim().into()),
        ));
    }
    all
}

fn cond(field: &str, ty: FieldType, nullable: bool, op: Op, value: Scalar) -> Filter {
    Filter::one(field, ty, nullable, op, value)
}

impl PersonListParams {
    /// `consent` names a known channel and purpose.
    fn check_consent(&self) -> Result<(), ApiError> {
        let Some(c) = &self.consent else {
            return Ok(());
        };
        let known = c.as_str().split_once(':').is_some_and(|(ch, pu)| {
            crm_customers::consent::Channel::parse(ch).is_some()
                && crm_customers::consent::Purpose::parse(pu).is_some()
        });
        if known {
            return Ok(());
        }
        Err(ApiError::invalid_parameters(vec![
            crm_core::FieldError::new(
                "consent",
                "invalid_value",
                "must be channel:purpose, such as email:marketing",
            ),
        ]))
    }

    /// The typed filters as one filter tree, so list and search share one query path.
    fn filters(&self) -> Option<Filter> {
        let mut all = common_filters(
            self.lifecycle_stage,
            self.owner_id,
            self.company_id,
            self.tag.as_ref().map(Bounded::as_str),
        );
        if let Some(c) = &self.consent {
            all.push(cond(
                "consent",
                FieldType::TextSet,
                true,
                Op::Contains,
                Scalar::Text(c.as_str().into()),
            ));
        }
        let ts = |v: DateTime<Utc>| Scalar::Timestamp(v);
        for (field, op, v) in [
            ("created_at", Op::Gte, self.created_after),
            ("created_at", Op::Lt, self.created_before),
            ("updated_at", Op::Gte, self.updated_after),
            ("updated_at", Op::Lt, self.updated_before),
        ] {
            if let Some(Moment(v)) = v {
                all.push(cond(field, FieldType::Timestamp, false, op, ts(v)));
            }
        }
        (!all.is_empty()).then_some(Filter::All(all))
    }
}

impl Listing for PersonListParams {
    fn filter(&self, _actor: &crm_core::Actor) -> Result<Option<Filter>, ApiError> {
        self.check_consent()?;
        Ok(self.filters())
    }

    fn text(&self) -> Option<&str> {
        self.q.as_ref().and_then(Bounded::non_blank)
    }
}
