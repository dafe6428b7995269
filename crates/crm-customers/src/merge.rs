//! Merging people: several records folded into one survivor.

use crm_core::DomainResult;
use crm_core::error::Errors;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The most records folded into a survivor at once.
pub const MAX_MERGE: usize = 10;

/// The fields whose value may be chosen from any of the merged records.
pub const CHOOSABLE: [&str; 9] = [
    "first_name",
    "last_name",
    "lifecycle_stage",
    "owner_id",
    "source",
    "external_id",
    "language",
    "time_zone",
    "birthday",
];

/// A validated merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The records folded into the survivor, in order of preference.
    pub sources: Vec<Uuid>,
    /// Fields to take from a given record; others keep the survivor's value, or the first
    /// non-empty value of the sources when the survivor has none.
    pub choose: BTreeMap<String, Uuid>,
    /// Compute the result without writing it.
    pub dry_run: bool,
}

impl Merge {
    pub fn validate(
        survivor: Uuid,
        sources: Vec<Uuid>,
        choose: BTreeMap<String, Uuid>,
        dry_run: bool,
    ) -> DomainResult<Merge> {
        let mut e = Errors::new();
        if sources.is_empty() || sources.len() > MAX_MERGE {
            e.push(
                "merge_ids",
                "invalid_length",
                format!("merge 1 to {MAX_MERGE} people at once"),
            );
        }
        for (i, id) in sources.iter().enumerate() {
            if *id == survivor {
                e.push(
                    format!("merge_ids[{i}]"),
                    "self_merge",
                    "a person cannot be merged into itself",
                );
            } else if sources[..i].contains(id) {
                e.push(
                    format!("merge_ids[{i}]"),
                    "duplicate",
                    "this id is listed twice",
                );
            }
        }
        for (field, from) in &choose {
            if !CHOOSABLE.contains(&field.as_str()) {
                e.push(
                    format!("choose.{field}"),
                    "unknown_field",
                    format!("fields that can be chosen: {}", CHOOSABLE.join(", ")),
                );
            } else if *from != survivor && !sources.contains(from) {
                e.push(
                    format!("choose.{field}"),
                    "not_merged",
                    "must be the survivor's id or one of merge_ids",
                );
            }
        }
        e.finish(Merge {
            sources,
            choose,
            dry_run,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_cannot_be_merged_into_itself_or_listed_twice() {
        let s = Uuid::now_v7();
        let o = Uuid::now_v7();
        let r = Merge::validate(s, vec![o, s, o], BTreeMap::new(), false);
        let fields: Vec<String> = match r {
            Err(crm_core::DomainError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
            other => vec![format!("{other:?}")],
        };
        assert_eq!(fields, ["merge_ids[1]", "merge_ids[2]"]);
    }

    #[test]
    fn choices_must_name_a_known_field_and_a_merged_record() {
        let s = Uuid::now_v7();
        let o = Uuid::now_v7();
        let choose = BTreeMap::from([
            ("first_name".to_string(), Uuid::now_v7()),
            ("password".to_string(), o),
        ]);
        assert!(Merge::validate(s, vec![o], choose, false).is_err());
        let choose = BTreeMap::from([("first_name".to_string(), o)]);
        assert!(Merge::validate(s, vec![o], choose, true).is_ok());
    }
}
