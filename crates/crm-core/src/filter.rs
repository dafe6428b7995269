//! The JSON filter language shared by every search endpoint and campaign segment:
//! `all`/`any`/`not` nodes over typed conditions, validated against a catalogue of the
//! fields a resource exposes. Persistence translates the result to bound SQL.

use crate::error::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use std::str::FromStr;
use uuid::Uuid;

/// Nesting deeper than this is rejected.
pub const MAX_DEPTH: usize = 6;
/// More nodes (groups and conditions) than this is rejected.
pub const MAX_NODES: usize = 100;
/// The most values an `in`/`not_in` list may hold.
pub const MAX_LIST: usize = 100;
/// The longest text value.
pub const MAX_TEXT: usize = 1000;

/// The type of a filterable field; it decides the operators and values allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Uuid,
    Integer,
    Decimal,
    Timestamp,
    Date,
    Boolean,
    Enum(Vec<String>),
    /// A set of text values (tags, emails): `contains` asks whether the set holds a
    /// value, `in` whether it holds any of several, `not_in` whether it holds none.
    TextSet,
}

/// One field a resource lets callers filter on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterField {
    pub name: String,
    pub ty: FieldType,
    pub nullable: bool,
}

/// The fields of one resource.
#[derive(Debug, Clone, Default)]
pub struct FieldCatalogue {
    fields: Vec<FilterField>,
}

impl FieldCatalogue {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn field(mut self, name: impl Into<String>, ty: FieldType, nullable: bool) -> Self {
        self.fields.push(FilterField {
            name: name.into(),
            ty,
            nullable,
        });
        self
    }

    pub fn get(&self, name: &str) -> Option<&FilterField> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.name.as_str()).collect()
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
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

impl Op {
    pub const ALL: [Op; 11] = [
        Op::Eq,
        Op::Neq,
        Op::Lt,
        Op::Lte,
        Op::Gt,
        Op::Gte,
        Op::In,
        Op::NotIn,
        Op::Contains,
        Op::StartsWith,
        Op::IsNull,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Neq => "neq",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::Contains => "contains",
            Op::StartsWith => "starts_with",
            Op::IsNull => "is_null",
        }
    }

    fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.name() == s)
    }

    /// Whether this operator applies to a field of type `ty`.
    pub fn applies_to(self, field: &FilterField) -> bool {
        use FieldType as T;
        match self {
            Op::IsNull => field.nullable,
            Op::Eq | Op::Neq => !matches!(field.ty, T::TextSet),
            Op::Lt | Op::Lte | Op::Gt | Op::Gte => {
                matches!(field.ty, T::Integer | T::Decimal | T::Timestamp | T::Date)
            }
            Op::In | Op::NotIn => matches!(
                field.ty,
                T::Text | T::Uuid | T::Integer | T::Decimal | T::Date | T::Enum(_) | T::TextSet
            ),
            Op::Contains => matches!(field.ty, T::Text | T::TextSet),
            Op::StartsWith => matches!(field.ty, T::Text),
        }
    }
}

/// A typed value inside a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Uuid(Uuid),
    Integer(i64),
    Decimal(Decimal),
    Timestamp(DateTime<Utc>),
    Date(NaiveDate),
    Boolean(bool),
}

impl Scalar {
    fn to_json(&self) -> Value {
        match self {
            Scalar::Text(s) => json!(s),
            Scalar::Uuid(u) => json!(u.to_string()),
            Scalar::Integer(i) => json!(i),
            Scalar::Decimal(d) => json!(d.to_string()),
            Scalar::Timestamp(t) => json!(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            Scalar::Date(d) => json!(d.format("%Y-%m-%d").to_string()),
            Scalar::Boolean(b) => json!(b),
        }
    }
}

/// What a condition compares against.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    One(Scalar),
    Many(Vec<Scalar>),
    /// `is_null`: true asks for null, false for present.
    Flag(bool),
}

/// A leaf of the tree: `field op value`, already typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub field: String,
    pub ty: FieldType,
    /// Whether the field can be missing; comparisons with a missing value are false.
    pub nullable: bool,
    pub op: Op,
    pub operand: Operand,
}

/// A validated filter tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    All(Vec<Filter>),
    Any(Vec<Filter>),
    Not(Box<Filter>),
    Condition(Condition),
}

impl Filter {
    /// One condition built in code (typed query parameters): `field op value`.
    pub fn cond(field: &str, ty: FieldType, nullable: bool, op: Op, operand: Operand) -> Filter {
        Filter::Condition(Condition {
            field: field.into(),
            ty,
            nullable,
            op,
            operand,
        })
    }

    /// A condition on one value: the shape of every typed list parameter
    /// (`?status=open`, `?due_before=…`).
    pub fn one(field: &str, ty: FieldType, nullable: bool, op: Op, value: Scalar) -> Filter {
        Filter::cond(field, ty, nullable, op, Operand::One(value))
    }

    /// Whether some condition of the tree is on a field `named` accepts.
    pub fn mentions(&self, named: &impl Fn(&str) -> bool) -> bool {
        match self {
            Filter::All(nodes) | Filter::Any(nodes) => nodes.iter().any(|n| n.mentions(named)),
            Filter::Not(node) => node.mentions(named),
            Filter::Condition(c) => named(&c.field),
        }
    }

    /// The JSON form this tree was (or could have been) parsed from.
    pub fn to_json(&self) -> Value {
        match self {
            Filter::All(v) => json!({"all": v.iter().map(Filter::to_json).collect::<Vec<_>>()}),
            Filter::Any(v) => json!({"any": v.iter().map(Filter::to_json).collect::<Vec<_>>()}),
            Filter::Not(f) => json!({"not": f.to_json()}),
            Filter::Condition(c) => {
                let value = match &c.operand {
                    Operand::One(s) => s.to_json(),
                    Operand::Many(v) => Value::Array(v.iter().map(Scalar::to_json).collect()),
                    Operand::Flag(b) => json!(b),
                };
                json!({"field": c.field, "op": c.op.name(), "value": value})
            }
        }
    }

    /// Parses and validates `value` against `catalogue`, collecting every error with
    /// the JSON path (from `root`) of the node it concerns.
    pub fn parse(
        value: &Value,
        catalogue: &FieldCatalogue,
        root: &str,
    ) -> Result<Filter, Vec<FieldError>> {
        let mut p = Parser {
            catalogue,
            errors: Vec::new(),
            nodes: 0,
        };
        let parsed = p.node(value, root, 1);
        match parsed {
            Some(f) if p.errors.is_empty() => Ok(f),
            _ => {
                if p.errors.is_empty() {
                    p.errors.push(FieldError::new(
                        root,
                        "invalid_filter",
                        "the filter is not valid",
                    ));
                }
                Err(p.errors)
            }
        }
    }
}

struct Parser<'a> {
    catalogue: &'a FieldCatalogue,
    errors: Vec<FieldError>,
    nodes: usize,
}

impl Parser<'_> {
    fn err(&mut self, path: &str, code: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, code, message));
    }

    fn node(&mut self, value: &Value, path: &str, depth: usize) -> Option<Filter> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            if self.nodes == MAX_NODES + 1 {
                self.err(
                    path,
                    "too_many_nodes",
                    format!("a filter may hold at most {MAX_NODES} nodes"),
                );
            }
            return None;
        }
        if depth > MAX_DEPTH {
            self.err(
                path,
                "too_deep",
                format!("a filter may nest at most {MAX_DEPTH} levels"),
            );
            return None;
        }
        let Some(obj) = value.as_object() else {
            self.err(path, "invalid_type", "a filter node must be an object");
            return None;
        };
        if obj.contains_key("all") || obj.contains_key("any") {
            let key = if obj.contains_key("all") {
                "all"
            } else {
                "any"
            };
            if obj.len() != 1 {
                self.err(
                    path,
                    "invalid_node",
                    format!("a group node holds only '{key}'"),
                );
                return None;
            }
            let Some(items) = obj
                .get(key)
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty())
            else {
                self.err(
                    &format!("{path}.{key}"),
                    "invalid_type",
                    "must be a non-empty array of filter nodes",
                );
                return None;
            };
            let children: Vec<Option<Filter>> = items
                .iter()
                .enumerate()
                .map(|(i, v)| self.node(v, &format!("{path}.{key}[{i}]"), depth + 1))
                .collect();
            let children: Option<Vec<Filter>> = children.into_iter().collect();
            return children.map(|c| {
                if key == "all" {
                    Filter::All(c)
                } else {
                    Filter::Any(c)
                }
            });
        }
        if let Some(inner) = obj.get("not") {
            if obj.len() != 1 {
                self.err(path, "invalid_node", "a 'not' node holds only 'not'");
                return None;
            }
            return self
                .node(inner, &format!("{path}.not"), depth + 1)
                .map(|f| Filter::Not(Box::new(f)));
        }
        self.condition(obj, path)
    }

    fn condition(&mut self, obj: &Map<String, Value>, path: &str) -> Option<Filter> {
        if let Some(extra) = obj
            .keys()
            .find(|k| !matches!(k.as_str(), "field" | "op" | "value"))
        {
            self.err(
                &format!("{path}.{extra}"),
                "unknown_field",
                "a condition holds only 'field', 'op' and 'value'; groups are 'all', 'any' and 'not'",
            );
            return None;
        }
        let Some(name) = obj.get("field").and_then(Value::as_str) else {
            self.err(
                &format!("{path}.field"),
                "required",
                "a condition needs a 'field' string",
            );
            return None;
        };
        let Some(field) = self.catalogue.get(name).cloned() else {
            let names = self.catalogue.names().join(", ");
            self.err(
                &format!("{path}.field"),
                "unknown_field",
                format!("'{name}' cannot be filtered on; fields: {names}"),
            );
            return None;
        };
        let Some(op_name) = obj.get("op").and_then(Value::as_str) else {
            self.err(
                &format!("{path}.op"),
                "required",
                "a condition needs an 'op' string",
            );
            return None;
        };
        let Some(op) = Op::parse(op_name) else {
            let ops: Vec<&str> = Op::ALL.iter().map(|o| o.name()).collect();
            self.err(
                &format!("{path}.op"),
                "unknown_operator",
                format!(
                    "unknown operator '{op_name}'; operators: {}",
                    ops.join(", ")
                ),
            );
            return None;
        };
        if !op.applies_to(&field) {
            let ops: Vec<&str> = Op::ALL
                .iter()
                .filter(|o| o.applies_to(&field))
                .map(|o| o.name())
                .collect();
            self.err(
                &format!("{path}.op"),
                "invalid_operator",
                format!(
                    "'{op_name}' does not apply to '{name}'; use one of: {}",
                    ops.join(", ")
                ),
            );
            return None;
        }
        let vpath = format!("{path}.value");
        let Some(raw) = obj.get("value") else {
            self.err(&vpath, "required", "a condition needs a 'value'");
            return None;
        };
        let operand = match op {
            Op::IsNull => match raw.as_bool() {
                Some(b) => Operand::Flag(b),
                None => {
                    self.err(&vpath, "invalid_type", "'is_null' takes true or false");
                    return None;
                }
            },
            Op::In | Op::NotIn => {
                let Some(items) = raw
                    .as_array()
                    .filter(|a| !a.is_empty() && a.len() <= MAX_LIST)
                else {
                    self.err(
                        &vpath,
                        "invalid_type",
                        format!("must be an array of 1 to {MAX_LIST} values"),
                    );
                    return None;
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.scalar(&field.ty, item, &format!("{vpath}[{i}]"))?);
                }
                Operand::Many(out)
            }
            Op::Contains if field.ty == FieldType::TextSet => {
                Operand::One(self.scalar(&FieldType::Text, raw, &vpath)?)
            }
            _ => Operand::One(self.scalar(&field.ty, raw, &vpath)?),
        };
        Some(Filter::Condition(Condition {
            field: field.name,
            ty: field.ty,
            nullable: field.nullable,
            op,
            operand,
        }))
    }

    fn scalar(&mut self, ty: &FieldType, v: &Value, path: &str) -> Option<Scalar> {
        let text = v.as_str();
        let parsed = match ty {
            FieldType::Text | FieldType::TextSet => match text {
                Some(s) if s.chars().count() <= MAX_TEXT => Ok(Scalar::Text(s.to_string())),
                Some(_) => Err(format!("text values are at most {MAX_TEXT} characters")),
                None => Err("must be a string".to_string()),
            },
            FieldType::Enum(options) => match text {
                Some(s) if options.iter().any(|o| o == s) => Ok(Scalar::Text(s.to_string())),
                _ => Err(format!("must be one of: {}", options.join(", "))),
            },
            FieldType::Uuid => text
                .and_then(|s| Uuid::parse_str(s).ok())
                .map(Scalar::Uuid)
                .ok_or_else(|| "must be a UUID string".to_string()),
            FieldType::Integer => v
                .as_i64()
                .map(Scalar::Integer)
                .ok_or_else(|| "must be an integer".to_string()),
            FieldType::Decimal => text
                .and_then(|s| Decimal::from_str(s).ok())
                .map(Scalar::Decimal)
                .ok_or_else(|| "must be a decimal string such as \"1000.50\"".to_string()),
            FieldType::Timestamp => text
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| Scalar::Timestamp(t.with_timezone(&Utc)))
                .ok_or_else(|| "must be an RFC 3339 timestamp".to_string()),
            FieldType::Date => text
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .map(Scalar::Date)
                .ok_or_else(|| "must be a date YYYY-MM-DD".to_string()),
            FieldType::Boolean => v
                .as_bool()
                .map(Scalar::Boolean)
                .ok_or_else(|| "must be true or false".to_string()),
        };
        match parsed {
            Ok(s) => Some(s),
            Err(message) => {
                self.err(path, "invalid_value", message);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
