//! Merging people or companies: several records folded into one survivor.

pub use crm_records::merge::{MAX_MERGE, Merge, MergeOf};

/// The fields of a person whose value may be chosen from any of the merged records.
pub const PERSON_CHOOSABLE: [&str; 9] = [
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

/// The fields of a company whose value may be chosen from any of the merged records.
pub const COMPANY_CHOOSABLE: [&str; 8] = [
    "name",
    "domain",
    "website",
    "industry",
    "size",
    "owner_id",
    "source",
    "external_id",
];

/// A merge of people.
pub const PERSON: MergeOf = MergeOf {
    one: "a person",
    many: "people",
    choosable: &PERSON_CHOOSABLE,
};

/// A merge of companies.
pub const COMPANY: MergeOf = MergeOf {
    one: "a company",
    many: "companies",
    choosable: &COMPANY_CHOOSABLE,
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use uuid::Uuid;

    #[test]
    fn a_company_merge_offers_the_company_fields_to_choose() {
        let s = Uuid::now_v7();
        let o = Uuid::now_v7();
        let choose = BTreeMap::from([("domain".to_string(), o)]);
        assert!(Merge::validate(COMPANY, s, vec![o], choose.clone(), false).is_ok());
        assert!(Merge::validate(PERSON, s, vec![o], choose, false).is_err());
    }
}
