//! The wire schema of a filter tree, as `crm_core::filter` parses it: groups (`all`,
//! `any`, `not`) of conditions (`field`, `op`, `value`), so a generated client types a
//! filter instead of passing an untyped object. Which fields exist, and which operators
//! and values each takes, the search operation's text says; the server answers a
//! mismatch with a 422 naming the node (`filter.all[1].op`).

use serde::Deserialize;
use utoipa::ToSchema;

/// One node of a filter tree: a condition, or a group of nodes. At most 100 nodes,
/// nested at most 6 deep.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FilterNode {
    All(FilterAll),
    Any(FilterAny),
    Not(FilterNot),
    Condition(FilterCondition),
}

/// Matches when every node matches.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterAll {
    /// Nodes that must all match.
    #[schema(no_recursion, min_items = 1, max_items = 100)]
    pub all: Vec<FilterNode>,
}

/// Matches when at least one node matches.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterAny {
    /// Nodes of which one must match.
    #[schema(no_recursion, min_items = 1, max_items = 100)]
    pub any: Vec<FilterNode>,
}

/// Matches when its node does not.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterNot {
    #[schema(no_recursion)]
    pub not: Box<FilterNode>,
}

/// `field op value`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterCondition {
    /// A filterable field: a column (`email`), a part of an address (`address.city`) or
    /// a custom field (`custom_fields.<key>`).
    #[schema(
        example = "lifecycle_stage",
        pattern = "^[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63})?$"
    )]
    pub field: String,
    pub op: FilterOp,
    pub value: FilterOperand,
}

/// How a condition compares. `in` and `not_in` take an array; `is_null` takes true (no
/// value) or false (a value); `contains` on a field of several values (tags, emails)
/// asks for one of them, on text for a substring; `starts_with` is for text.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    NotIn,
    Contains,
    StartsWith,
    IsNull,
}

/// The value a condition compares with: typed by its field (a timestamp or a date as
/// an ISO 8601 string, a decimal as a string, an id as a UUID string).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FilterOperand {
    Text(String),
    Number(f64),
    Flag(bool),
    List(Vec<FilterScalar>),
}

/// One value of an `in` or `not_in` list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum FilterScalar {
    Text(String),
    Number(f64),
    Flag(bool),
}

#[cfg(test)]
mod tests {
    use super::FilterOp;
    use serde_json::json;

    #[test]
    fn the_documented_operators_are_exactly_the_parsers() {
        for o in crm_core::filter::Op::ALL {
            let name = o.name();
            assert!(
                serde_json::from_value::<FilterOp>(json!(name)).is_ok(),
                "{name}"
            );
        }
        let doc = serde_json::to_value(crate::openapi::document()).unwrap();
        let documented = doc["components"]["schemas"]["FilterOp"]["enum"]
            .as_array()
            .map(Vec::len);
        assert_eq!(documented, Some(crm_core::filter::Op::ALL.len()));
    }
}
