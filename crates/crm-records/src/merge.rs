//! Merging records of one resource: several folded into one survivor, each field taken
//! from the record chosen for it or the first that has a value.

use crm_core::DomainResult;
use crm_core::error::Errors;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The most records folded into a survivor at once.
pub const MAX_MERGE: usize = 10;

/// What is merged: the resource's nouns for messages, and the fields whose value may be
/// chosen from any of the merged records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeOf {
    /// `a person`
    pub one: &'static str,
    /// `people`
    pub many: &'static str,
    pub choosable: &'static [&'static str],
}

/// A validated merge of records named by ids of type `I` (`PersonId`…).
#[derive(Debug, Clone, PartialEq)]
pub struct Merge<I = Uuid> {
    /// The records folded into the survivor, in order of preference.
    pub sources: Vec<I>,
    /// Fields to take from a given record; others keep the survivor's value, or the first
    /// non-empty value of the sources when the survivor has none.
    pub choose: BTreeMap<String, I>,
    /// Compute the result without writing it.
    pub dry_run: bool,
}

impl<I: Copy + PartialEq> Merge<I> {
    pub fn validate(
        of: MergeOf,
        survivor: I,
        sources: Vec<I>,
        choose: BTreeMap<String, I>,
        dry_run: bool,
    ) -> DomainResult<Merge<I>> {
        let mut e = Errors::new();
        let (one, many) = (of.one, of.many);
        if sources.is_empty() || sources.len() > MAX_MERGE {
            e.push(
                "merge_ids",
                "invalid_length",
                format!("merge 1 to {MAX_MERGE} {many} at once"),
            );
        }
        for (i, id) in sources.iter().enumerate() {
            if *id == survivor {
                e.push(
                    format!("merge_ids[{i}]"),
                    "self_merge",
                    format!("{one} cannot be merged into itself"),
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
            if !of.choosable.contains(&field.as_str()) {
                e.push(
                    format!("choose.{field}"),
                    "unknown_field",
                    format!("fields that can be chosen: {}", of.choosable.join(", ")),
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

impl Merge<Uuid> {
    /// The same merge with the ids typed as the resource's (`PersonId`…), as checked
    /// from the wire's UUIDs.
    pub fn typed<I: From<Uuid>>(self) -> Merge<I> {
        Merge {
            sources: self.sources.into_iter().map(I::from).collect(),
            choose: self
                .choose
                .into_iter()
                .map(|(k, v)| (k, I::from(v)))
                .collect(),
            dry_run: self.dry_run,
        }
    }
}

impl<I: Copy + Into<Uuid>> Merge<I> {
    /// The same merge with the ids as plain UUIDs, for the store that writes them.
    pub fn untyped(self) -> Merge<Uuid> {
        Merge {
            sources: self.sources.into_iter().map(Into::into).collect(),
            choose: self
                .choose
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect(),
            dry_run: self.dry_run,
        }
    }
}

impl<I: Copy + PartialEq> Merge<I> {
    /// The record a field's value is taken from: the one chosen for `field`, else the
    /// survivor if `has` a value, else the first source that has one, else the survivor.
    pub fn pick<'a, R>(
        &self,
        field: &str,
        survivor: &'a R,
        sources: &'a [R],
        id: impl Fn(&R) -> I,
        has: impl Fn(&R) -> bool,
    ) -> &'a R {
        let chosen = self.choose.get(field).and_then(|want| {
            std::iter::once(survivor)
                .chain(sources)
                .find(|r| id(r) == *want)
        });
        if let Some(r) = chosen {
            return r;
        }
        if has(survivor) {
            return survivor;
        }
        sources.iter().find(|r| has(r)).unwrap_or(survivor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THING: MergeOf = MergeOf {
        one: "a thing",
        many: "things",
        choosable: &["name", "colour"],
    };

    #[test]
    fn a_record_cannot_be_merged_into_itself_or_listed_twice() {
        let s = Uuid::now_v7();
        let o = Uuid::now_v7();
        let r = Merge::validate(THING, s, vec![o, s, o], BTreeMap::new(), false);
        let fields: Vec<String> = match r {
            Err(crm_core::DomainError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
            other => vec![format!("{other:?}")],
        };
        assert_eq!(fields, ["merge_ids[1]", "merge_ids[2]"]);
    }

    #[test]
    fn no_more_than_ten_records_merge_at_once() {
        let s = Uuid::now_v7();
        let many: Vec<Uuid> = (0..=MAX_MERGE).map(|_| Uuid::now_v7()).collect();
        assert!(Merge::validate(THING, s, many, BTreeMap::new(), false).is_err());
        assert!(Merge::validate(THING, s, vec![], BTreeMap::new(), false).is_err());
    }

    #[test]
    fn choices_must_name_a_known_field_and_a_merged_record() {
        let s = Uuid::now_v7();
        let o = Uuid::now_v7();
        let choose = BTreeMap::from([
            ("name".to_string(), Uuid::now_v7()),
            ("password".to_string(), o),
        ]);
        assert!(Merge::validate(THING, s, vec![o], choose, false).is_err());
        let choose = BTreeMap::from([("name".to_string(), o)]);
        assert!(Merge::validate(THING, s, vec![o], choose, true).is_ok());
    }

    #[test]
    fn a_field_comes_from_the_chosen_record_else_the_survivor_else_the_first_source_with_it() {
        let (s, a, b) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let survivor = (s, None::<&str>);
        let sources = [(a, None), (b, Some("b"))];
        let m = Merge::validate(THING, s, vec![a, b], BTreeMap::new(), false).unwrap();
        let got = m.pick("name", &survivor, &sources, |r| r.0, |r| r.1.is_some());
        assert_eq!(got.0, b);
        let choose = BTreeMap::from([("name".to_string(), a)]);
        let m = Merge::validate(THING, s, vec![a, b], choose, false).unwrap();
        let got = m.pick("name", &survivor, &sources, |r| r.0, |r| r.1.is_some());
        assert_eq!(got.0, a, "a choice wins even when the value is empty");
    }
}
