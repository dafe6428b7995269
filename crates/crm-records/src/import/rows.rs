//! Reading the rows of a stored chunk (CSV cells keyed by the header, NDJSON objects),
//! and a row once checked: what to write, or its errors named by the file's columns.

use super::ImportFormat;
use super::scan::Chunk;
use crm_core::{DomainError, FieldError};
use serde_json::{Map, Value};

/// One data row as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub row: u64,
    pub line: u64,
    /// The cells by column, or why the row could not be read.
    pub cells: Result<Map<String, Value>, FieldError>,
}

/// The column names of a CSV header.
pub fn header(bytes: &[u8]) -> Result<Vec<String>, FieldError> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    match r.records().next() {
        Some(Ok(rec)) => Ok(rec.iter().map(|c| c.trim().to_string()).collect()),
        _ => Err(FieldError::new(
            "file",
            "missing_header",
            "the first line must name the columns",
        )),
    }
}

/// The rows of a chunk. CSV cells are strings keyed by `columns`; NDJSON lines are objects.
pub fn read_chunk(format: ImportFormat, columns: &[String], chunk: &Chunk) -> Vec<RawRow> {
    let mut out = Vec::with_capacity(chunk.rows as usize);
    let mut row = chunk.first_row;
    match format {
        ImportFormat::Csv => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(chunk.data.as_slice());
            // Lines are counted from byte offsets: the reader skips blank lines uncounted.
            let (mut seen, mut line_at) = (0usize, chunk.first_line);
            let mut line_of = |byte: u64| {
                // A record's position is taken before the blank lines it skips.
                let mut byte = (byte as usize).min(chunk.data.len());
                while chunk
                    .data
                    .get(byte)
                    .is_some_and(|b| *b == b'\n' || *b == b'\r')
                {
                    byte += 1;
                }
                if byte > seen {
                    line_at += chunk.data[seen..byte]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count() as u64;
                    seen = byte;
                }
                line_at
            };
            for rec in r.records() {
                let (line, cells) = match rec {
                    Ok(rec) => {
                        let line = line_of(rec.position().map_or(0, |p| p.byte()));
                        let cells = if rec.len() != columns.len() {
                            Err(FieldError::new(
                                "",
                                "wrong_field_count",
                                format!(
                                    "the row has {} fields where the header has {} (check its quoting and commas)",
                                    rec.len(),
                                    columns.len()
                                ),
                            ))
                        } else {
                            Ok(columns
                                .iter()
                                .zip(rec.iter())
                                .map(|(c, v)| {
                                    let v = crate::spreadsheet::restore(v);
                                    (c.clone(), Value::String(v.to_string()))
                                })
                                .collect())
                        };
                        (line, cells)
                    }
                    Err(e) => (
                        line_of(e.position().map_or(0, |p| p.byte())),
                        Err(FieldError::new("", "unreadable_row", e.to_string())),
                    ),
                };
                out.push(RawRow {
                    row,
                    line,
                    cells: refuse_nul(cells),
                });
                row += 1;
            }
        }
        ImportFormat::Ndjson => {
            let text = String::from_utf8_lossy(&chunk.data);
            for (i, l) in text.split('\n').enumerate() {
                if l.trim().is_empty() {
                    continue;
                }
                let cells = match serde_json::from_str::<Value>(l) {
                    Ok(Value::Object(m)) => Ok(m),
                    Ok(_) => Err(FieldError::new(
                        "",
                        "not_an_object",
                        "each line must be a JSON object",
                    )),
                    Err(e) => Err(FieldError::new(
                        "",
                        "invalid_json",
                        format!("the line is not JSON: {e}"),
                    )),
                };
                out.push(RawRow {
                    row,
                    line: chunk.first_line + i as u64,
                    cells: refuse_nul(cells),
                });
                row += 1;
            }
        }
    }
    out
}

/// A row whose cell holds NUL is refused, naming the column (no database stores it).
fn refuse_nul(
    cells: Result<Map<String, Value>, FieldError>,
) -> Result<Map<String, Value>, FieldError> {
    let cells = cells?;
    let found = cells.iter().find_map(|(column, v)| {
        let name = column.replace(crate::text::NUL, "\\u0000");
        if column.contains(crate::text::NUL) {
            return Some(name);
        }
        Some(match crate::text::nul_in(v)? {
            inner if inner == "." => name,
            inner if inner.starts_with('[') => format!("{name}{inner}"),
            inner => format!("{name}.{inner}"),
        })
    });
    match found {
        Some(field) => Err(crate::text::nul_error(field)),
        None => Ok(cells),
    }
}

/// One row of a batch: its place in the file and what to write (`R`), or why not.
#[derive(Debug)]
pub struct Checked<R> {
    pub row: u64,
    pub line: u64,
    pub op: Result<R, Vec<FieldError>>,
    /// Input paths (`emails[1]`, `custom_fields.tier`) and the columns that fed them, to
    /// name errors found while writing.
    pub paths: Vec<(String, String)>,
}

impl RawRow {
    /// The row read by `read` (its cells, or why they could not be read), keeping the
    /// input paths the reading found (`paths`) to name later errors by column.
    pub fn read<R>(
        self,
        read: impl FnOnce(&Map<String, Value>) -> Result<R, Vec<FieldError>>,
        paths: impl Fn(&R) -> &[(String, String)],
    ) -> Checked<R> {
        let op = self.cells.map_err(|e| vec![e]).and_then(|c| read(&c));
        let paths = op.as_ref().map(|r| paths(r).to_vec()).unwrap_or_default();
        Checked {
            row: self.row,
            line: self.line,
            op,
            paths,
        }
    }
}

/// The upsert a row makes when its import matches on `external_id`: the row's key, the
/// record it creates when nothing matches (its errors kept for that case), and the
/// patch it applies to the match. A row without a key is refused.
pub fn upsert_on_external_id<N, P>(
    key: Option<String>,
    create: Result<N, Vec<FieldError>>,
    patch: Result<P, Vec<FieldError>>,
) -> Result<crate::batch::BatchOp<N, P, crate::batch::ExternalId>, Vec<FieldError>> {
    let Some(key) = key else {
        return Err(vec![FieldError::new(
            "external_id",
            "required",
            "the row has no external_id to match on",
        )]);
    };
    Ok(crate::batch::BatchOp::Upsert {
        key: crate::batch::ExternalId(key),
        create: Box::new(create.map_err(DomainError::Validation)),
        patch: Box::new(patch?),
    })
}

/// The field errors of a refused check (any other error as one error of the row).
pub fn field_errors(e: DomainError) -> Vec<FieldError> {
    match e {
        DomainError::Validation(f) => f,
        other => vec![FieldError::new("", "invalid", other.to_string())],
    }
}

/// Renames errors about input paths to the columns that fed them (`paths`).
pub fn name_columns(paths: &[(String, String)], errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            let hit = paths.iter().find(|(p, _)| {
                e.field == *p
                    || e.field
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
            });
            if let Some((_, column)) = hit {
                e.message = format!("{} ({})", e.message, e.field);
                e.field = column.clone();
            }
            e
        })
        .collect()
}

impl<R> Checked<R> {
    /// The field errors a failed write of this row reports, named by column.
    pub fn errors_of(&self, e: DomainError) -> Vec<FieldError> {
        match e {
            DomainError::Validation(f) => name_columns(&self.paths, f),
            DomainError::Conflict { what } => vec![FieldError::new("", "conflict", what)],
            DomainError::NotFound { resource } => vec![FieldError::new(
                "",
                "not_found",
                format!("{resource} not found"),
            )],
            other => vec![FieldError::new("", "failed", other.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(data: &[u8]) -> Chunk {
        Chunk {
            seq: 0,
            first_row: 11,
            first_line: 12,
            rows: 2,
            data: data.to_vec(),
        }
    }

    #[test]
    fn csv_rows_keep_their_numbers_and_lines_and_report_ragged_rows() {
        let cols = vec!["a".to_string(), "b".to_string()];
        let rows = read_chunk(ImportFormat::Csv, &cols, &chunk(b"1,\"x\ny\"\n\n2\n"));
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].row, rows[0].line), (11, 12));
        assert_eq!(
            rows[0]
                .cells
                .as_ref()
                .ok()
                .and_then(|c| c.get("b").cloned()),
            Some(Value::String("x\ny".into()))
        );
        assert_eq!((rows[1].row, rows[1].line), (12, 15));
        assert_eq!(
            rows[1].cells.as_ref().err().map(|e| e.code.as_str()),
            Some("wrong_field_count")
        );
    }

    #[test]
    fn ndjson_lines_that_are_not_objects_are_row_errors() {
        let rows = read_chunk(
            ImportFormat::Ndjson,
            &[],
            &chunk(b"{\"a\":1}\n[1]\n{oops\n"),
        );
        let codes: Vec<_> = rows
            .iter()
            .map(|r| r.cells.as_ref().err().map(|e| e.code.clone()))
            .collect();
        assert_eq!(
            codes,
            [
                None,
                Some("not_an_object".into()),
                Some("invalid_json".into())
            ]
        );
        assert_eq!(rows[2].line, 14);
    }
}
