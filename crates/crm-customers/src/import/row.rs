//! Turning a row's cells into what a person write needs, with every error named by the
//! file's column.

use super::MatchOn;
use super::mapping::{AddressPart, Mapping, Target};
use crate::address::{Address, AddressLabel, SocialProfile};
use crate::batch::MatchKey;
use crate::contact::RawPoint;
use crate::custom_field::CustomField;
use crate::lifecycle::LifecycleStage;
use crate::patch::PersonPatchInput;
use crate::person::PersonInput;
use chrono::NaiveDate;
use crm_core::FieldError;
use crm_core::ids::UserId;
use crm_records::import::cells::{custom_value, list, text};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Company cells of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyCells {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
}

/// A row read into the inputs of a person write.
#[derive(Debug, Clone, Default)]
pub struct RowInput {
    /// The person to create when nobody matches.
    pub create: PersonInput,
    /// The fields the row sets, for a person it matches (lists are added, not replaced).
    pub patch: PersonPatchInput,
    pub key: Option<MatchKey>,
    pub company: Option<CompanyCells>,
    /// Input paths (`emails[1]`, `custom_fields.tier`) and the columns they came from.
    pub paths: Vec<(String, String)>,
}

impl RowInput {
    /// Renames errors about input paths to the columns that fed them.
    pub fn name_columns(&self, errors: Vec<FieldError>) -> Vec<FieldError> {
        crm_records::import::rows::name_columns(&self.paths, errors)
    }
}

/// Reads one row's cells through the mapping. `defs` are the person custom fields.
pub fn to_input(
    mapping: &Mapping,
    cells: &Map<String, Value>,
    match_on: Option<MatchOn>,
    defs: &[CustomField],
) -> Result<RowInput, Vec<FieldError>> {
    let mut out = RowInput::default();
    let mut errors = Vec::new();
    let mut company = CompanyCells::default();
    let mut has_company = false;
    let mut address: Option<Address> = None;
    let maps = mapping.for_row(cells, defs, &mut errors);
    for m in maps.iter() {
        let Some(v) = cells.get(&m.column) else {
            continue;
        };
        let col = &m.column;
        let mut bad = |msg: String| errors.push(FieldError::new(col.clone(), "invalid_value", msg));
        let t = match &m.target {
            Target::Tags | Target::CustomField(_) | Target::Ignore => None,
            _ => match text(v) {
                Ok(Some(t)) => Some(t),
                Ok(None) => continue,
                Err(e) => {
                    bad(e);
                    continue;
                }
            },
        };
        let t = t.unwrap_or_default();
        match &m.target {
            Target::FirstName => {
                out.create.first_name = Some(t.clone());
                out.patch.first_name = Some(Some(t));
                out.paths.push(("first_name".into(), col.clone()));
            }
            Target::LastName => {
                out.create.last_name = Some(t.clone());
                out.patch.last_name = Some(Some(t));
                out.paths.push(("last_name".into(), col.clone()));
            }
            Target::Email(label) => {
                out.paths
                    .push((format!("emails[{}]", out.create.emails.len()), col.clone()));
                out.create.emails.push(RawPoint {
                    value: t,
                    label: *label,
                    primary: false,
                });
            }
            Target::Phone(label) => {
                out.paths
                    .push((format!("phones[{}]", out.create.phones.len()), col.clone()));
                out.create.phones.push(RawPoint {
                    value: t,
                    label: *label,
                    primary: false,
                });
            }
            Target::LifecycleStage => match LifecycleStage::parse(&t) {
                Some(s) => {
                    out.create.lifecycle_stage = Some(s);
                    out.patch.lifecycle_stage = Some(Some(s));
                }
                None => bad(format!(
                    "must be one of: {}",
                    LifecycleStage::ALL.map(|s| s.as_str()).join(", ")
                )),
            },
            Target::OwnerId => match Uuid::parse_str(t.trim()) {
                Ok(id) => {
                    let id = UserId(id);
                    out.create.owner_id = Some(id);
                    out.patch.owner_id = Some(Some(id));
                    out.paths.push(("owner_id".into(), col.clone()));
                }
                Err(_) => bad("must be a staff user's id (a UUID)".into()),
            },
            Target::SourceChannel => {
                out.create.source_channel = Some(t.clone());
                out.patch.source_channel = Some(Some(t));
                out.paths.push(("source.channel".into(), col.clone()));
            }
            Target::SourceDetail => {
                out.create.source_detail = Some(t.clone());
                out.patch.source_detail = Some(Some(t));
                out.paths.push(("source.detail".into(), col.clone()));
            }
            Target::ExternalId => {
                out.create.external_id = Some(t.clone());
                out.patch.external_id = Some(Some(t));
                out.paths.push(("external_id".into(), col.clone()));
            }
            Target::Language => {
                out.create.language = Some(t.clone());
                out.patch.language = Some(Some(t));
                out.paths.push(("language".into(), col.clone()));
            }
            Target::TimeZone => {
                out.create.time_zone = Some(t.clone());
                out.patch.time_zone = Some(Some(t));
                out.paths.push(("time_zone".into(), col.clone()));
            }
            Target::Birthday => match NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d") {
                Ok(d) => {
                    out.create.birthday = Some(d);
                    out.patch.birthday = Some(Some(d));
                    out.paths.push(("birthday".into(), col.clone()));
                }
                Err(_) => bad("must be a date YYYY-MM-DD".into()),
            },
            Target::Tags => match list(v) {
                Ok(tags) => {
                    out.create.tags.extend(tags);
                    out.paths.push(("tags".into(), col.clone()));
                }
                Err(e) => bad(e),
            },
            Target::CustomField(key) => {
                let Some(def) = defs.iter().find(|d| &d.key == key) else {
                    continue;
                };
                match custom_value(def, v) {
                    Ok(Some(value)) => {
                        out.create.custom_fields.insert(key.clone(), value.clone());
                        out.patch.custom_fields.insert(key.clone(), value);
                        out.paths
                            .push((format!("custom_fields.{key}"), col.clone()));
                    }
                    Ok(None) => {}
                    Err(e) => bad(e),
                }
            }
            Target::CompanyName => {
                has_company = true;
                company.name = Some(t);
                out.paths.push(("company.name".into(), col.clone()));
            }
            Target::CompanyDomain => {
                has_company = true;
                company.domain = Some(t);
                out.paths.push(("company.domain".into(), col.clone()));
            }
            Target::Address(part) => {
                let a = address.get_or_insert(Address {
                    label: AddressLabel::Other,
                    line1: None,
                    line2: None,
                    city: None,
                    region: None,
                    postal_code: None,
                    country: None,
                    primary: true,
                });
                let slot = match part {
                    AddressPart::Line1 => &mut a.line1,
                    AddressPart::Line2 => &mut a.line2,
                    AddressPart::City => &mut a.city,
                    AddressPart::Region => &mut a.region,
                    AddressPart::PostalCode => &mut a.postal_code,
                    AddressPart::Country => &mut a.country,
                };
                *slot = Some(t);
                out.paths.push(("addresses[0]".into(), col.clone()));
            }
            Target::Social(network) => {
                let is_url = t.starts_with("http://") || t.starts_with("https://");
                out.paths.push((
                    format!("social_profiles[{}]", out.create.social_profiles.len()),
                    col.clone(),
                ));
                out.create.social_profiles.push(SocialProfile {
                    network: *network,
                    handle: (!is_url).then(|| t.clone()),
                    url: is_url.then_some(t),
                });
            }
            Target::CompanyTitle => company.title = Some(t),
            Target::CompanyRole => company.role = Some(t),
            Target::Ignore => {}
        }
    }
    if let Some(a) = address {
        out.create.addresses.push(a);
    }
    out.create
        .source_channel
        .get_or_insert_with(|| "import".to_string());
    if has_company {
        out.company = Some(company);
    }
    let key_column = |want: fn(&Target) -> bool| {
        maps.iter()
            .find(|m| want(&m.target))
            .map(|m| m.column.clone())
            .unwrap_or_else(|| "match_on".into())
    };
    out.key = match match_on {
        None => None,
        Some(MatchOn::Email) => match out.create.emails.first() {
            Some(e) => Some(MatchKey::Email(e.value.clone())),
            None => {
                errors.push(FieldError::new(
                    key_column(|t| matches!(t, Target::Email(_))),
                    "required",
                    "the row has no email to match on",
                ));
                None
            }
        },
        Some(MatchOn::ExternalId) => match &out.create.external_id {
            Some(x) => Some(MatchKey::ExternalId(x.clone())),
            None => {
                errors.push(FieldError::new(
                    key_column(|t| *t == Target::ExternalId),
                    "required",
                    "the row has no external_id to match on",
                ));
                None
            }
        },
    };
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

    fn mapping(pairs: &[(&str, &str)], columns: &[&str]) -> Mapping {
        let given: Vec<(String, String)> = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let cols: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
        Mapping::check(Some(&given), Some(&cols), &[]).unwrap_or_default()
    }

    #[test]
    fn a_row_fills_the_person_and_names_bad_cells_by_column() {
        let m = mapping(
            &[
                ("Mail", "email"),
                ("Home mail", "email:home"),
                ("Stage", "lifecycle_stage"),
                ("Labels", "tags"),
                ("Employer", "company.name"),
            ],
            &["Mail", "Home mail", "Stage", "Labels", "Employer"],
        );
        let cells: Map<String, Value> = serde_json::from_value(json!({
            "Mail": "ada@example.com", "Home mail": "", "Stage": "customer",
            "Labels": "vip; beta", "Employer": "Acme"
        }))
        .unwrap_or_default();
        let r = to_input(&m, &cells, Some(MatchOn::Email), &[]);
        let r = r.ok();
        assert_eq!(r.as_ref().map(|r| r.create.emails.len()), Some(1));
        assert_eq!(
            r.as_ref().map(|r| r.create.tags.clone()),
            Some(vec!["vip".to_string(), "beta".to_string()])
        );
        assert_eq!(
            r.as_ref().and_then(|r| r.key.clone()),
            Some(MatchKey::Email("ada@example.com".into()))
        );
        assert_eq!(
            r.and_then(|r| r.company).and_then(|c| c.name),
            Some("Acme".to_string())
        );

        let bad: Map<String, Value> =
            serde_json::from_value(json!({"Mail": "", "Stage": "king"})).unwrap_or_default();
        let e = to_input(&m, &bad, Some(MatchOn::Email), &[]).err();
        let fields: Vec<_> = e.unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["Stage", "Mail"]);
    }

    #[test]
    fn validation_errors_are_renamed_to_their_columns() {
        let input = RowInput {
            paths: vec![("emails[1]".into(), "Work mail".into())],
            ..Default::default()
        };
        let named = input.name_columns(vec![
            FieldError::new("emails[1].value", "invalid_format", "not an email"),
            FieldError::new("emails[10].value", "x", "y"),
        ]);
        assert_eq!(named[0].field, "Work mail");
        assert_eq!(named[1].field, "emails[10].value");
    }
}
