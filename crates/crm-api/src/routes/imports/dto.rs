//! Wire types of imports.

use crate::http::error::ProblemField;
use chrono::{DateTime, Utc};
use crm_customers::import::{
    Import, ImportFormat, ImportResource, ImportStatus, MatchOn, PEOPLE, RowError,
};
use crm_interactions::import::INTERACTIONS;
use crm_opportunities::import::{OPPORTUNITIES, ORDERS};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The file's format: `csv` (UTF-8, RFC 4180, a header line) or `ndjson` (one object per line).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormatDto {
    Csv,
    Ndjson,
}

impl From<FormatDto> for ImportFormat {
    fn from(f: FormatDto) -> Self {
        match f {
            FormatDto::Csv => ImportFormat::Csv,
            FormatDto::Ndjson => ImportFormat::Ndjson,
        }
    }
}

impl From<ImportFormat> for FormatDto {
    fn from(f: ImportFormat) -> Self {
        match f {
            ImportFormat::Csv => FormatDto::Csv,
            ImportFormat::Ndjson => FormatDto::Ndjson,
        }
    }
}

/// What an import's rows write: people (the default), interactions (call logs, email
/// archives), orders (a shop's history) or opportunities (a deal list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportResourceDto {
    People,
    Interactions,
    Orders,
    Opportunities,
}

impl From<ImportResourceDto> for ImportResource {
    fn from(r: ImportResourceDto) -> Self {
        match r {
            ImportResourceDto::People => PEOPLE,
            ImportResourceDto::Interactions => INTERACTIONS,
            ImportResourceDto::Orders => ORDERS,
            ImportResourceDto::Opportunities => OPPORTUNITIES,
        }
    }
}

impl From<ImportResource> for ImportResourceDto {
    fn from(r: ImportResource) -> Self {
        if r == INTERACTIONS {
            ImportResourceDto::Interactions
        } else if r == ORDERS {
            ImportResourceDto::Orders
        } else if r == OPPORTUNITIES {
            ImportResourceDto::Opportunities
        } else {
            ImportResourceDto::People
        }
    }
}

/// The key that finds an existing record to update instead of creating one: a person's
/// email or external_id; an interaction's external_id.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMatchOn {
    Email,
    ExternalId,
}

impl From<ImportMatchOn> for MatchOn {
    fn from(m: ImportMatchOn) -> Self {
        match m {
            ImportMatchOn::Email => MatchOn::Email,
            ImportMatchOn::ExternalId => MatchOn::ExternalId,
        }
    }
}

impl From<MatchOn> for ImportMatchOn {
    fn from(m: MatchOn) -> Self {
        match m {
            MatchOn::Email => ImportMatchOn::Email,
            MatchOn::ExternalId => ImportMatchOn::ExternalId,
        }
    }
}

/// Where an import is.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatusDto {
    Uploading,
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl From<ImportStatus> for ImportStatusDto {
    fn from(s: ImportStatus) -> Self {
        match s {
            ImportStatus::Uploading => ImportStatusDto::Uploading,
            ImportStatus::Queued => ImportStatusDto::Queued,
            ImportStatus::Running => ImportStatusDto::Running,
            ImportStatus::Completed => ImportStatusDto::Completed,
            ImportStatus::Failed => ImportStatusDto::Failed,
            ImportStatus::Cancelled => ImportStatusDto::Cancelled,
        }
    }
}

/// One column and the field it feeds.
#[derive(Debug, Serialize, ToSchema)]
pub struct MappingEntry {
    /// The column's header in the file.
    #[schema(example = "E-mail")]
    pub column: String,
    /// The field the column fills, or `ignore`.
    #[schema(example = "email")]
    pub target: String,
}

/// The counts so far. With `dry_run`, `created` and `updated` are what the import would do.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProgressDto {
    /// Data rows settled (written or reported).
    pub rows_done: u64,
    /// Rows that created a record.
    pub created: u64,
    /// Rows that updated a record.
    pub updated: u64,
    /// Rows reported in `GET /v1/imports/{id}/errors`.
    pub failed: u64,
}

/// An import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportDto {
    pub id: Uuid,
    pub resource: ImportResourceDto,
    pub status: ImportStatusDto,
    pub format: FormatDto,
    /// The uploaded file's name.
    pub file_name: Option<String>,
    pub match_on: Option<ImportMatchOn>,
    /// Whether rows were only checked, nothing written.
    pub dry_run: bool,
    /// The file's columns: the CSV header, or the mapping's keys for NDJSON.
    pub columns: Vec<String>,
    /// Each column and the field it fills.
    pub mapping: Vec<MappingEntry>,
    /// Size of the file.
    pub bytes: u64,
    /// Data rows in the file (the header not counted).
    pub rows_total: u64,
    pub progress: ImportProgressDto,
    /// Why a failed import stopped.
    pub error: Option<String>,
    /// Runs started by workers (more than one after a crash or a retry).
    pub attempts: u32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When a worker began writing rows.
    pub started_at: Option<DateTime<Utc>>,
    /// When the import ended.
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<Import> for ImportDto {
    fn from(i: Import) -> Self {
        Self {
            id: i.id,
            resource: i.resource.into(),
            status: i.status.into(),
            format: i.format.into(),
            file_name: i.file_name,
            match_on: i.match_on.map(Into::into),
            dry_run: i.dry_run,
            columns: i.columns,
            mapping: i
                .mapping
                .into_iter()
                .map(|(column, target)| MappingEntry { column, target })
                .collect(),
            bytes: i.bytes,
            rows_total: i.rows_total,
            progress: ImportProgressDto {
                rows_done: i.progress.rows_done,
                created: i.progress.created,
                updated: i.progress.updated,
                failed: i.progress.failed,
            },
            error: i.error,
            attempts: i.attempts,
            created_by: i.created_by,
            created_at: i.created_at,
            updated_at: i.updated_at,
            started_at: i.started_at,
            finished_at: i.finished_at,
        }
    }
}

/// A row the import could not write, and why; `field` names the file's column.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowErrorDto {
    /// The data row, 1-based (the CSV header is not a row).
    pub row: u64,
    /// The line of the file where the row starts.
    pub line: u64,
    pub errors: Vec<ProblemField>,
}

impl From<RowError> for RowErrorDto {
    fn from(r: RowError) -> Self {
        Self {
            row: r.row,
            line: r.line,
            errors: r
                .errors
                .into_iter()
                .map(|e| ProblemField {
                    field: e.field,
                    code: e.code,
                    message: e.message,
                })
                .collect(),
        }
    }
}

crate::page_of!(ImportPage, ImportDto);
crate::page_of!(RowErrorPage, RowErrorDto);
