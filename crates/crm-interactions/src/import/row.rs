//! Reading one row's cells into an interaction to write: its fields as given, and the
//! people, companies and users it names by a key, found when the row is written. Every
//! error names the file's column.

use super::Reference;
use super::mapping::{InteractionTarget as T, Mapping};
use crate::interaction::{Channel, Direction, InteractionInput, SocialInput, Visibility};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use crm_core::FieldError;
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_records::custom_field::CustomField;
use crm_records::import::cells::{custom_value, list, text};
use serde_json::{Map, Value};
use uuid::Uuid;

/// A row read: the interaction as given (links by id), the keys of the others it names,
/// and which input paths came from which column.
#[derive(Debug, Clone, Default)]
pub struct RowInput {
    pub input: InteractionInput,
    /// People, companies and users named by a key, with the column that named each.
    pub references: Vec<(Reference, String)>,
    /// Input paths (`channel`, `person_ids`) and the columns they came from.
    pub paths: Vec<(String, String)>,
}

/// A time as RFC 3339 (`2026-12-01T09:30:00Z`), or without an offset (taken as UTC):
/// `2026-12-01 09:30[:00]` or `2026-12-01T09:30[:00]`, or a bare date (midnight UTC).
pub fn time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// A duration as whole seconds (`540`) or as a clock (`9:00`, `1:02:03`).
pub fn seconds(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut total: i64 = 0;
    for (i, p) in parts.iter().enumerate() {
        let n: i64 = p.parse().ok().filter(|n| *n >= 0)?;
        if i > 0 && (n >= 60 || p.len() != 2) {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(n)?;
    }
    Some(total)
}

fn ids<I: From<Uuid>>(cells: Vec<String>, bad: &mut dyn FnMut(String)) -> Vec<I> {
    cells
        .into_iter()
        .filter_map(|c| match Uuid::parse_str(c.trim()) {
            Ok(u) => Some(I::from(u)),
            Err(_) => {
                bad(format!("'{c}' is not an id (a UUID)"));
                None
            }
        })
        .collect()
}

/// Reads one row's cells through the mapping; `defs` are the interaction custom fields.
pub fn to_input(
    mapping: &Mapping,
    cells: &Map<String, Value>,
    defs: &[CustomField],
) -> Result<RowInput, Vec<FieldError>> {
    let mut out = RowInput::default();
    let mut errors = Vec::new();
    let mut social = SocialInput::default();
    let mut has_social = false;
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
        if let T::Tags = m.target {
            match list(v) {
                Ok(tags) => out.input.tags.extend(tags),
                Err(e) => bad(e),
            }
            path("tags");
            continue;
        }
        if let T::CustomField(key) = &m.target {
            let Some(def) = defs.iter().find(|d| d.key == *key) else {
                continue;
            };
            match custom_value(def, v) {
                Ok(Some(x)) => {
                    out.input.custom_fields.insert(key.clone(), x);
                }
                Ok(None) => {}
                Err(e) => bad(e),
            }
            path(&format!("custom_fields.{key}"));
            continue;
        }
        if m.target.is_link() {
            let cells = match list(v) {
                Ok(c) => c,
                Err(e) => {
                    bad(e);
                    continue;
                }
            };
            let input = &mut out.input;
            match &m.target {
                T::PersonId => input.person_ids.extend(ids::<PersonId>(cells, &mut bad)),
                T::CompanyId => input.company_ids.extend(ids::<CompanyId>(cells, &mut bad)),
                T::UserId => input.user_ids.extend(ids::<UserId>(cells, &mut bad)),
                other => {
                    for c in cells {
                        let r = match other {
                            T::PersonEmail => Reference::PersonEmail(c),
                            T::PersonExternalId => Reference::PersonExternalId(c),
                            T::PersonPhone => Reference::PersonPhone(c),
                            T::CompanyDomain => Reference::CompanyDomain(c),
                            T::CompanyExternalId => Reference::CompanyExternalId(c),
                            _ => Reference::UserEmail(c),
                        };
                        out.references.push((r, col.clone()));
                    }
                }
            }
            let p = match &m.target {
                T::PersonId | T::PersonEmail | T::PersonExternalId | T::PersonPhone => "person_ids",
                T::CompanyId | T::CompanyDomain | T::CompanyExternalId => "company_ids",
                _ => "user_ids",
            };
            path(p);
            continue;
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
        match &m.target {
            T::Channel => match Channel::parse(&t.trim().to_ascii_lowercase()) {
                Some(c) => input.channel = Some(c),
                None => bad(format!(
                    "'{t}' is not a channel; one of: {}",
                    Channel::ALL.map(Channel::as_str).join(", ")
                )),
            },
            T::Direction => match Direction::parse(&t.trim().to_ascii_lowercase()) {
                Some(d) => input.direction = Some(d),
                None => bad(format!("'{t}' is not a direction; inbound or outbound")),
            },
            T::OccurredAt => match time(&t) {
                Some(at) => input.occurred_at = Some(at),
                None => bad(format!(
                    "'{t}' is not a time; 2026-12-01T09:30:00Z, or 2026-12-01 09:30 in UTC"
                )),
            },
            T::DurationSeconds => match seconds(&t) {
                Some(d) => input.duration_seconds = Some(d),
                None => bad(format!(
                    "'{t}' is not a duration; seconds (540) or a clock (9:00, 1:02:03)"
                )),
            },
            T::Subject => input.subject = Some(t),
            T::Body => input.body = Some(t),
            T::Outcome => input.outcome = Some(t),
            T::ExternalId => input.external_id = Some(t),
            T::SocialNetwork => {
                social.network = Some(t);
                has_social = true;
            }
            T::SocialUrl => {
                social.url = Some(t);
                has_social = true;
            }
            T::SocialVisibility => match Visibility::parse(&t.trim().to_ascii_lowercase()) {
                Some(x) => {
                    social.visibility = Some(x);
                    has_social = true;
                }
                None => bad(format!("'{t}' is not a visibility; public or private")),
            },
            _ => {}
        }
        let p = match &m.target {
            T::SocialNetwork => "social.network",
            T::SocialUrl => "social.url",
            T::SocialVisibility => "social.visibility",
            other => other_path(other),
        };
        path(p);
    }
    if has_social {
        out.input.social = Some(social);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The input path of a plain field.
fn other_path(t: &T) -> &'static str {
    match t {
        T::Channel => "channel",
        T::Direction => "direction",
        T::OccurredAt => "occurred_at",
        T::DurationSeconds => "duration_seconds",
        T::Subject => "subject",
        T::Body => "body",
        T::Outcome => "outcome",
        T::ExternalId => "external_id",
        _ => "",
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
    fn times_read_with_an_offset_or_as_utc() {
        let at = |s: &str| time(s).map(|t| t.to_rfc3339());
        assert_eq!(
            at("2026-12-01T10:30:00+01:00").as_deref(),
            Some("2026-12-01T09:30:00+00:00")
        );
        assert_eq!(
            at("2026-12-01 09:30").as_deref(),
            Some("2026-12-01T09:30:00+00:00")
        );
        assert_eq!(
            at("2026-12-01").as_deref(),
            Some("2026-12-01T00:00:00+00:00")
        );
        assert_eq!(at("01/12/2026"), None);
    }

    #[test]
    fn durations_read_as_seconds_or_a_clock() {
        assert_eq!(seconds("540"), Some(540));
        assert_eq!(seconds("9:00"), Some(540));
        assert_eq!(seconds("1:02:03"), Some(3723));
        assert_eq!(seconds("1:75"), None);
        assert_eq!(seconds("ten"), None);
    }

    #[test]
    fn a_call_log_row_fills_the_interaction_and_its_references() {
        let m = mapping(&[
            ("Type", "channel"),
            ("Start", "occurred_at"),
            ("Length", "duration_seconds"),
            ("From", "person.phone"),
            ("Agent", "user.email"),
            ("Call id", "external_id"),
        ]);
        let cells = json!({"Type": "Call", "Start": "2026-12-01 09:30:00", "Length": "4:05",
            "From": "+44 20 7946 0000", "Agent": "ada@example.com", "Call id": "pbx-1"});
        let row = to_input(&m, cells.as_object().unwrap(), &[]).unwrap();
        assert_eq!(row.input.channel, Some(Channel::Call));
        assert_eq!(row.input.duration_seconds, Some(245));
        assert_eq!(row.input.external_id.as_deref(), Some("pbx-1"));
        assert_eq!(
            row.references,
            [
                (
                    Reference::PersonPhone("+44 20 7946 0000".into()),
                    "From".into()
                ),
                (
                    Reference::UserEmail("ada@example.com".into()),
                    "Agent".into()
                ),
            ]
        );
        assert!(row.paths.contains(&("person_ids".into(), "From".into())));
    }

    #[test]
    fn bad_cells_are_named_by_their_column() {
        let m = mapping(&[
            ("Type", "channel"),
            ("When", "occurred_at"),
            ("Who", "person_id"),
        ]);
        let cells = json!({"Type": "pigeon", "When": "yesterday", "Who": "nobody"});
        let errors = to_input(&m, cells.as_object().unwrap(), &[]).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["Type", "When", "Who"]);
    }
}
