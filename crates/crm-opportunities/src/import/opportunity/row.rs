//! Reading one row's cells into an opportunity to write: its fields as given, the
//! person, company and owner it names by a key (found when the row is written), the
//! pipeline and stage it names by name (found in the organisation's pipelines, read once
//! per run), and which column fed which input path.

use super::mapping::{Mapping, OpportunityTarget as T};
use crate::opportunity::{MoneyInput, OpportunityInput};
use crm_core::FieldError;
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_records::custom_field::CustomField;
use crm_records::import::cells::{custom_value, date, list, text};
use crm_records::import::reference::Reference;
use serde_json::{Map, Value};
use uuid::Uuid;

/// What a reference of a row fills once found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Person,
    Company,
    Owner,
}

/// A row read: the opportunity as given, the records it names by a key or a name, and
/// which input paths came from which column.
#[derive(Debug, Clone, Default)]
pub struct RowInput {
    pub input: OpportunityInput,
    pub references: Vec<(Reference, Slot, String)>,
    /// The pipeline named by name, and its column.
    pub pipeline: Option<(String, String)>,
    /// The stage named by name, and its column.
    pub stage: Option<(String, String)>,
    /// Input paths (`amount`, `stage_id`) and the columns they came from.
    pub paths: Vec<(String, String)>,
}

fn id(s: &str) -> Result<Uuid, String> {
    Uuid::parse_str(s.trim()).map_err(|_| format!("'{s}' is not an id (a UUID)"))
}

/// The input path a target feeds.
fn path_of(t: &T) -> &'static str {
    match t {
        T::Name => "name",
        T::PersonId | T::PersonEmail | T::PersonExternalId => "person_id",
        T::CompanyId | T::CompanyDomain | T::CompanyExternalId => "company_id",
        T::PipelineId | T::Pipeline => "pipeline_id",
        T::StageId | T::Stage => "stage_id",
        T::Amount => "amount.amount",
        T::Currency => "amount.currency",
        T::ExpectedCloseDate => "expected_close_date",
        T::OwnerId | T::OwnerEmail => "owner_id",
        T::Source => "source",
        T::NextStep => "next_step",
        T::CloseReason => "close_reason",
        _ => "external_id",
    }
}

/// Reads one row's cells through the mapping; `defs` are the opportunity custom fields.
pub fn to_input(
    mapping: &Mapping,
    cells: &Map<String, Value>,
    defs: &[CustomField],
) -> Result<RowInput, Vec<FieldError>> {
    let mut out = RowInput::default();
    let mut errors = Vec::new();
    let (mut amount, mut currency) = (None, None);
    let maps = mapping.for_row(cells, defs, &mut errors);
    for m in maps.iter() {
        let Some(v) = cells.get(&m.column) else {
            continue;
        };
        let col = &m.column;
        let mut bad = |msg: String| errors.push(FieldError::new(col.clone(), "invalid_value", msg));
        let mut path = |p: &str| {
            if !out.paths.iter().any(|(x, _)| x == p) {
                out.paths.push((p.to_string(), col.clone()));
            }
        };
        match &m.target {
            T::Tags => {
                match list(v) {
                    Ok(tags) => out.input.tags.extend(tags),
                    Err(e) => bad(e),
                }
                path("tags");
                continue;
            }
            T::CustomField(key) => {
                if let Some(def) = defs.iter().find(|d| d.key == *key) {
                    match custom_value(def, v) {
                        Ok(Some(x)) => {
                            out.input.custom_fields.insert(key.clone(), x);
                        }
                        Ok(None) => {}
                        Err(e) => bad(e),
                    }
                }
                path(&format!("custom_fields.{key}"));
                continue;
            }
            _ => {}
        }
        let t = match text(v) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(e) => {
                bad(e);
                continue;
            }
        };
        let input = &mut out.input;
        let mut refer = |r: Reference, slot: Slot| out.references.push((r, slot, col.clone()));
        match &m.target {
            T::Name => input.name = Some(t),
            T::PersonId => match id(&t) {
                Ok(u) => input.person_id = Some(PersonId(u)),
                Err(e) => bad(e),
            },
            T::CompanyId => match id(&t) {
                Ok(u) => input.company_id = Some(CompanyId(u)),
                Err(e) => bad(e),
            },
            T::OwnerId => match id(&t) {
                Ok(u) => input.owner_id = Some(Some(UserId(u))),
                Err(e) => bad(e),
            },
            T::PipelineId => match id(&t) {
                Ok(u) => input.pipeline_id = Some(u),
                Err(e) => bad(e),
            },
            T::StageId => match id(&t) {
                Ok(u) => input.stage_id = Some(u),
                Err(e) => bad(e),
            },
            T::PersonEmail => refer(Reference::PersonEmail(t), Slot::Person),
            T::PersonExternalId => refer(Reference::PersonExternalId(t), Slot::Person),
            T::CompanyDomain => refer(Reference::CompanyDomain(t), Slot::Company),
            T::CompanyExternalId => refer(Reference::CompanyExternalId(t), Slot::Company),
            T::OwnerEmail => refer(Reference::UserEmail(t), Slot::Owner),
            T::Pipeline => out.pipeline = Some((t.trim().to_string(), col.clone())),
            T::Stage => out.stage = Some((t.trim().to_string(), col.clone())),
            T::Amount => amount = Some(t.trim().to_string()),
            T::Currency => currency = Some(t.trim().to_ascii_uppercase()),
            T::ExpectedCloseDate => match date(&t) {
                Some(d) => input.expected_close_date = Some(d),
                None => bad(format!(
                    "'{t}' is not a date; 2026-12-01, or an RFC 3339 time"
                )),
            },
            T::Source => input.source = Some(t),
            T::NextStep => input.next_step = Some(t),
            T::CloseReason => input.close_reason = Some(t),
            _ => input.external_id = Some(t),
        }
        path(path_of(&m.target));
    }
    if let Some(amount) = amount {
        out.input.amount = Some(MoneyInput {
            amount,
            currency: currency.unwrap_or_default(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping(pairs: &[(&str, &str)]) -> Mapping {
        Mapping::given(pairs, &[]).unwrap_or_default()
    }

    #[test]
    fn a_deal_row_fills_the_opportunity_and_names_what_it_finds_later() {
        let m = mapping(&[
            ("Deal", "name"),
            ("Contact", "person.email"),
            ("Owner", "owner.email"),
            ("Stage", "stage"),
            ("Value", "amount"),
            ("Cur", "currency"),
            ("Close", "expected_close_date"),
        ]);
        let cells = json!({"Deal": "40 seats", "Contact": "ada@example.com",
            "Owner": "sam@example.com", "Stage": " Proposal ", "Value": "12000",
            "Cur": "eur", "Close": "2027-03-31"});
        let row = to_input(&m, cells.as_object().unwrap(), &[]).unwrap();
        assert_eq!(row.input.name.as_deref(), Some("40 seats"));
        let amount = row.input.amount.unwrap();
        assert_eq!(
            (amount.amount.as_str(), amount.currency.as_str()),
            ("12000", "EUR")
        );
        assert_eq!(row.stage, Some(("Proposal".into(), "Stage".into())));
        assert_eq!(row.references.len(), 2);
        assert_eq!(row.references[1].1, Slot::Owner);
        assert!(
            row.paths
                .contains(&("amount.amount".into(), "Value".into()))
        );
    }

    #[test]
    fn bad_cells_are_named_by_their_column() {
        let m = mapping(&[("Close", "expected_close_date"), ("Who", "person_id")]);
        let cells = json!({"Close": "next spring", "Who": "nobody"});
        let errors = to_input(&m, cells.as_object().unwrap(), &[]).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["Close", "Who"]);
    }
}
