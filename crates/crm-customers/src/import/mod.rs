//! Importing people from CSV or NDJSON: the options, the job's state and report, the
//! mapping of columns to fields, the streaming splitter of uploads, the reading of rows,
//! and the run that writes them in batches a worker can resume.

pub mod job;
pub mod mapping;
pub mod ports;
pub mod row;
pub mod run;
/// The splitter of uploaded files, shared by every area's imports.
pub use crm_records::split as scan;
pub mod upload;

use chrono::{DateTime, Utc};
use crm_core::FieldError;
use serde::Serialize;
use uuid::Uuid;

pub use mapping::{ColumnMap, Mapping, Target};

/// The kind of job that runs an import; its subject is the import.
pub const JOB_KIND: &str = "import";

/// The file's format.
pub use crm_records::split::Format as ImportFormat;

/// Which natural key an import matches existing people on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchOn {
    Email,
    ExternalId,
}

impl MatchOn {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOn::Email => "email",
            MatchOn::ExternalId => "external_id",
        }
    }

    pub fn parse(s: &str) -> Option<MatchOn> {
        match s {
            "email" => Some(MatchOn::Email),
            "external_id" => Some(MatchOn::ExternalId),
            _ => None,
        }
    }
}

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// The file is still arriving.
    Uploading,
    /// Waiting for a worker.
    Queued,
    Running,
    Completed,
    /// Stopped by an error that concerns the whole import (see `error`).
    Failed,
    Cancelled,
}

impl ImportStatus {
    pub const ALL: [ImportStatus; 6] = [
        ImportStatus::Uploading,
        ImportStatus::Queued,
        ImportStatus::Running,
        ImportStatus::Completed,
        ImportStatus::Failed,
        ImportStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Uploading => "uploading",
            ImportStatus::Queued => "queued",
            ImportStatus::Running => "running",
            ImportStatus::Completed => "completed",
            ImportStatus::Failed => "failed",
            ImportStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ImportStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the import will not change any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ImportStatus::Completed | ImportStatus::Failed | ImportStatus::Cancelled
        )
    }
}

/// What the caller asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    pub format: ImportFormat,
    /// Column → target as given, in order; `None` maps columns by their names.
    pub mapping: Option<Vec<(String, String)>>,
    /// Update the person this key matches instead of creating one.
    pub match_on: Option<MatchOn>,
    /// Check every row against the database and report, writing nothing.
    pub dry_run: bool,
    pub file_name: Option<String>,
}

/// The counts of an import so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    /// Data rows read and settled (written, or reported as failed).
    pub rows_done: u64,
    pub created: u64,
    pub updated: u64,
    pub failed: u64,
}

/// An import as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Import {
    pub id: Uuid,
    pub status: ImportStatus,
    pub format: ImportFormat,
    pub file_name: Option<String>,
    pub match_on: Option<MatchOn>,
    pub dry_run: bool,
    /// The file's columns (CSV header, or the mapping's keys for NDJSON).
    pub columns: Vec<String>,
    /// The checked mapping: (column, target).
    pub mapping: Vec<(String, String)>,
    pub bytes: u64,
    /// Data rows in the file, known once the upload ends.
    pub rows_total: u64,
    pub progress: Progress,
    /// Why a failed import stopped.
    pub error: Option<String>,
    /// How many times a worker has started it (a crash or a lost lease starts it again).
    pub attempts: u32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// What went wrong with one row, its fields named by the file's columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// The data row (1-based, the header not counted).
    pub row: u64,
    /// The line of the file where the row starts.
    pub line: u64,
    pub errors: Vec<FieldError>,
}
