//! Which column of an import feeds which field of a record, checked against the file's
//! header and the organisation's custom fields before a single row is read. A resource
//! names its fields by implementing [`Target`]; the checks are the same for all.

use super::MatchOn;
use crate::custom_field::CustomField;
use crm_core::FieldError;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// A field of one resource that a column can feed.
pub trait Target: Sized + Clone + PartialEq + Send + Sync + 'static {
    /// One record, in messages ("a person").
    const A_RECORD: &'static str;
    /// The records, in messages ("people").
    const RECORDS: &'static str;
    /// What a mapping value may be, for error messages and the API's description.
    const HELP: &'static str;
    /// The natural keys an import of these records may match on.
    const KEYS: &'static [MatchOn];
    /// Reads a mapping value such as `email:home` or `custom_fields.tier`.
    fn parse(spec: &str) -> Option<Self>;
    /// The key of the custom field it feeds, if it feeds one.
    fn custom_field(&self) -> Option<&str>;
    /// The column is read and dropped.
    fn is_ignore(&self) -> bool;
    /// Whether several columns may feed it (each adds one email, say).
    fn repeatable(&self) -> bool {
        self.is_ignore()
    }
    /// Rules across the columns (a company title needs the company), as errors.
    fn across(_mapped: &[ColumnMap<Self>]) -> Vec<FieldError> {
        Vec::new()
    }
    /// Whether some column feeds the natural key `on`.
    fn feeds(mapped: &[ColumnMap<Self>], on: MatchOn) -> bool;
}

/// One column and the field it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap<T> {
    pub column: String,
    pub target: T,
    /// The target as written in the mapping (`email:home`), shown back to the caller.
    pub spec: String,
}

/// For each group of targets that name one thing (a person by id, email or
/// external_id), an error on the second column that feeds one of them: `record` has
/// one of each (`what`).
pub fn one_column_each<T: PartialEq>(
    mapped: &[ColumnMap<T>],
    groups: &[(&[T], &str)],
    record: &str,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (group, what) in groups {
        let mut feeding = mapped.iter().filter(|m| group.contains(&m.target));
        if let (Some(_), Some(second)) = (feeding.next(), feeding.next()) {
            errors.push(FieldError::new(
                format!("mapping.{}", second.column),
                "conflicting_target",
                format!("{record} has one {what}: name it by one column"),
            ));
        }
    }
    errors
}

/// The checked mapping of an import, in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping<T>(pub Vec<ColumnMap<T>>);

impl<T> Default for Mapping<T> {
    fn default() -> Self {
        Mapping(Vec::new())
    }
}

impl<T: Target> Mapping<T> {
    /// Checks `given` (column → target) against the file's `columns` and the resource's
    /// custom fields `defs`. Without `given`, every column must be named after a target.
    /// With `columns` unknown (NDJSON), the given mapping's keys are the columns.
    pub fn check(
        given: Option<&[(String, String)]>,
        columns: Option<&[String]>,
        defs: &[CustomField],
    ) -> Result<Mapping<T>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let pairs: Vec<(String, String, String)> = match (given, columns) {
            (Some(g), _) => g
                .iter()
                .map(|(c, t)| (c.clone(), t.clone(), format!("mapping.{c}")))
                .collect(),
            (None, Some(cols)) => cols
                .iter()
                .map(|c| (c.clone(), c.trim().to_string(), "mapping".to_string()))
                .collect(),
            (None, None) => Vec::new(),
        };
        if let Some(cols) = columns {
            for (i, c) in cols.iter().enumerate() {
                if cols[..i].contains(c) {
                    errors.push(FieldError::new(
                        "file",
                        "duplicate_column",
                        format!("the header names the column '{c}' twice"),
                    ));
                }
            }
        }
        let mut out: Vec<ColumnMap<T>> = Vec::new();
        for (column, spec, path) in pairs {
            if let Some(cols) = columns
                && !cols.contains(&column)
            {
                errors.push(FieldError::new(
                    path,
                    "unknown_column",
                    format!("the file has no column '{column}'"),
                ));
                continue;
            }
            let Some(target) = T::parse(&spec) else {
                let why = if given.is_some() {
                    format!("'{spec}' is not a field; use one of: {}", T::HELP)
                } else {
                    format!(
                        "the column '{column}' is not a field; send a mapping for it \
                         (to a field or to ignore)"
                    )
                };
                errors.push(FieldError::new(path, "unknown_target", why));
                continue;
            };
            if let Some(key) = target.custom_field()
                && !defs.iter().any(|d| d.key == key)
            {
                errors.push(FieldError::new(
                    path,
                    "unknown_target",
                    format!("'{key}' is not a custom field of {}", T::RECORDS),
                ));
                continue;
            }
            if !target.repeatable() && out.iter().any(|m| m.target == target) {
                errors.push(FieldError::new(
                    path,
                    "duplicate_target",
                    format!("another column already feeds '{spec}'"),
                ));
                continue;
            }
            out.push(ColumnMap {
                column,
                target,
                spec,
            });
        }
        errors.extend(T::across(&out));
        if out.iter().all(|m| m.target.is_ignore()) && errors.is_empty() {
            errors.push(FieldError::new(
                "mapping",
                "missing_target",
                format!("no column feeds a field of {}", T::A_RECORD),
            ));
        }
        if errors.is_empty() {
            Ok(Mapping(out))
        } else {
            Err(errors)
        }
    }

    /// `pairs` (column, target) checked as the mapping of a CSV file whose header is
    /// exactly those columns.
    pub fn given(
        pairs: &[(&str, &str)],
        defs: &[CustomField],
    ) -> Result<Mapping<T>, Vec<FieldError>> {
        let given: Vec<(String, String)> = pairs
            .iter()
            .map(|(c, t)| (c.to_string(), t.to_string()))
            .collect();
        let columns: Vec<String> = pairs.iter().map(|(c, _)| c.to_string()).collect();
        Mapping::check(Some(&given), Some(&columns), defs)
    }

    /// The mapping stored with import `imp`, checked again as a run starts against the
    /// resource's custom fields `defs` (one it names may be gone since); `Err` says why
    /// the import can no longer run. An import stored without one reads NDJSON keys.
    pub fn of_import(imp: &super::Import, defs: &[CustomField]) -> Result<Mapping<T>, String> {
        if imp.mapping.is_empty() {
            return Ok(Mapping::default());
        }
        let columns = (imp.format == super::ImportFormat::Csv).then_some(imp.columns.as_slice());
        Mapping::check(Some(&imp.mapping), columns, defs).map_err(|e| {
            let why: Vec<String> = e.into_iter().map(|f| f.message).collect();
            format!("the mapping no longer holds: {}", why.join("; "))
        })
    }

    /// The columns a row is read through: the mapping, or (NDJSON sent without one) the
    /// row's own keys, each of which must name a field or custom field (else an error
    /// naming the key is added to `errors`).
    pub fn for_row(
        &self,
        cells: &Map<String, Value>,
        defs: &[CustomField],
        errors: &mut Vec<FieldError>,
    ) -> Cow<'_, [ColumnMap<T>]> {
        if !self.0.is_empty() {
            return Cow::Borrowed(&self.0);
        }
        let implicit = cells
            .keys()
            .filter_map(|k| {
                let target = T::parse(k).filter(|t| match t.custom_field() {
                    Some(key) => defs.iter().any(|d| d.key == key),
                    None => true,
                });
                if target.is_none() {
                    errors.push(FieldError::new(
                        k.clone(),
                        "unknown_field",
                        "this key is not a field; send a mapping for it",
                    ));
                }
                target.map(|target| ColumnMap {
                    column: k.clone(),
                    spec: k.clone(),
                    target,
                })
            })
            .collect();
        Cow::Owned(implicit)
    }

    pub fn has(&self, target: &T) -> bool {
        self.0.iter().any(|m| &m.target == target)
    }

    /// Whether some column feeds the natural key `on`.
    pub fn feeds(&self, on: MatchOn) -> bool {
        T::feeds(&self.0, on)
    }

    /// The (column, target as written) pairs, as an import stores them.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|c| (c.column.clone(), c.spec.clone()))
            .collect()
    }
}
