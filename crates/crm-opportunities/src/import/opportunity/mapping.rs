//! The fields of an opportunity that a column of an import can feed: its own fields,
//! its person, company and owner by id or by a key, and its pipeline and stage by id or
//! by name (as another CRM's export names them).

use crm_core::FieldError;
use crm_records::import::MatchOn;
use crm_records::import::mapping::{ColumnMap, Target, one_column_each};

/// A field a column can feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpportunityTarget {
    Name,
    PersonId,
    PersonEmail,
    PersonExternalId,
    CompanyId,
    CompanyDomain,
    CompanyExternalId,
    PipelineId,
    /// The pipeline with this name.
    Pipeline,
    StageId,
    /// The stage with this name, in the row's pipeline (the oldest when none is named).
    Stage,
    /// The amount; its currency is the `currency` column's.
    Amount,
    Currency,
    ExpectedCloseDate,
    OwnerId,
    /// The staff user with this email address.
    OwnerEmail,
    Source,
    NextStep,
    CloseReason,
    ExternalId,
    Tags,
    CustomField(String),
    Ignore,
}

/// The targets by their names in a mapping.
const NAMED: [(&str, OpportunityTarget); 22] = [
    ("name", OpportunityTarget::Name),
    ("person_id", OpportunityTarget::PersonId),
    ("person.email", OpportunityTarget::PersonEmail),
    ("person.external_id", OpportunityTarget::PersonExternalId),
    ("company_id", OpportunityTarget::CompanyId),
    ("company.domain", OpportunityTarget::CompanyDomain),
    ("company.external_id", OpportunityTarget::CompanyExternalId),
    ("pipeline_id", OpportunityTarget::PipelineId),
    ("pipeline", OpportunityTarget::Pipeline),
    ("stage_id", OpportunityTarget::StageId),
    ("stage", OpportunityTarget::Stage),
    ("amount", OpportunityTarget::Amount),
    ("currency", OpportunityTarget::Currency),
    ("expected_close_date", OpportunityTarget::ExpectedCloseDate),
    ("owner_id", OpportunityTarget::OwnerId),
    ("owner.email", OpportunityTarget::OwnerEmail),
    ("source", OpportunityTarget::Source),
    ("next_step", OpportunityTarget::NextStep),
    ("close_reason", OpportunityTarget::CloseReason),
    ("external_id", OpportunityTarget::ExternalId),
    ("tags", OpportunityTarget::Tags),
    ("ignore", OpportunityTarget::Ignore),
];

/// What a mapping value may be, for error messages and the API's description.
pub const TARGET_HELP: &str = "name, person_id, person.email, person.external_id, \
company_id, company.domain, company.external_id, pipeline_id, pipeline, stage_id, stage, \
amount, currency, expected_close_date, owner_id, owner.email, source, next_step, \
close_reason, external_id, tags, custom_fields.<key>, ignore";

impl Target for OpportunityTarget {
    const A_RECORD: &'static str = "an opportunity";
    const RECORDS: &'static str = "opportunities";
    const HELP: &'static str = TARGET_HELP;
    const KEYS: &'static [MatchOn] = &[MatchOn::ExternalId];

    fn parse(s: &str) -> Option<OpportunityTarget> {
        if let Some((_, t)) = NAMED.iter().find(|(n, _)| *n == s) {
            return Some(t.clone());
        }
        s.strip_prefix("custom_fields.")
            .filter(|k| !k.is_empty())
            .map(|k| OpportunityTarget::CustomField(k.to_string()))
    }

    fn custom_field(&self) -> Option<&str> {
        match self {
            OpportunityTarget::CustomField(k) => Some(k),
            _ => None,
        }
    }

    fn is_ignore(&self) -> bool {
        *self == OpportunityTarget::Ignore
    }

    /// Each of the person, company, owner, pipeline and stage is named by one column;
    /// an amount needs its currency.
    fn across(mapped: &[ColumnMap<OpportunityTarget>]) -> Vec<FieldError> {
        use OpportunityTarget::*;
        let mut errors = one_column_each(
            mapped,
            &[
                (&[PersonId, PersonEmail, PersonExternalId], "person"),
                (&[CompanyId, CompanyDomain, CompanyExternalId], "company"),
                (&[OwnerId, OwnerEmail], "owner"),
                (&[PipelineId, Pipeline], "pipeline"),
                (&[StageId, Stage], "stage"),
            ],
            "an opportunity",
        );
        let has = |t: &OpportunityTarget| mapped.iter().any(|m| &m.target == t);
        if let Some(amount) = mapped.iter().find(|m| m.target == Amount)
            && !has(&Currency)
        {
            errors.push(FieldError::new(
                format!("mapping.{}", amount.column),
                "missing_target",
                "an amount needs a column feeding its currency",
            ));
        }
        errors
    }

    fn feeds(mapped: &[ColumnMap<OpportunityTarget>], on: MatchOn) -> bool {
        on == MatchOn::ExternalId
            && mapped
                .iter()
                .any(|m| m.target == OpportunityTarget::ExternalId)
    }
}

/// An opportunities import's checked mapping.
pub type Mapping = crm_records::import::Mapping<OpportunityTarget>;

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        Mapping::given(pairs, &[])
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_deal_export_maps_stages_and_owners_by_name() {
        assert!(
            codes(&[
                ("Deal", "name"),
                ("Stage", "stage"),
                ("Owner", "owner.email"),
                ("Value", "amount"),
                ("Cur", "currency"),
            ])
            .is_empty()
        );
    }

    #[test]
    fn an_amount_needs_a_currency_and_a_stage_one_column() {
        assert_eq!(
            codes(&[("Deal", "name"), ("Value", "amount")]),
            [("mapping.Value".to_string(), "missing_target".to_string())]
        );
        assert_eq!(
            codes(&[("Deal", "name"), ("S", "stage"), ("Sid", "stage_id")]),
            [("mapping.Sid".to_string(), "conflicting_target".to_string())]
        );
    }
}
