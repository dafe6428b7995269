//! Importing any resource's records from CSV or NDJSON: the options, the job's state
//! and report, the checked mapping of columns to a resource's fields, the streaming
//! upload, the reading of rows, and the run that writes them in batches a worker can
//! resume. Each resource says what its columns may feed and how a row is checked and
//! written (`mapping::Target`, `run::RowImporter`); the rest is here, once.

pub mod cells;
pub mod mapping;
pub mod ports;
pub mod reference;
pub mod rows;
pub mod run;
/// The splitter of uploaded files.
pub use crate::split as scan;
pub mod service;
pub mod upload;

use chrono::{DateTime, Utc};
use crm_core::FieldError;
use serde::Serialize;
use uuid::Uuid;

pub use mapping::{ColumnMap, Mapping, Target};

/// The file's format.
pub use crate::split::Format as ImportFormat;

/// The resource an import writes, and the kind of job that runs its imports (the job's
/// subject is the import). An open set: each area declares its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImportResource {
    name: &'static str,
    job_kind: &'static str,
}

impl ImportResource {
    /// A resource named `name` (as stored and on the wire) run by jobs of `job_kind`.
    pub const fn new(name: &'static str, job_kind: &'static str) -> Self {
        Self { name, job_kind }
    }

    pub fn as_str(self) -> &'static str {
        self.name
    }

    pub fn job_kind(self) -> &'static str {
        self.job_kind
    }

    /// The resource of `known` named `s`.
    pub fn parse(s: &str, known: &[ImportResource]) -> Option<ImportResource> {
        known.iter().copied().find(|r| r.name == s)
    }
}

impl Serialize for ImportResource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

/// Which natural key an import matches existing records on (each resource says which
/// it has).
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
    pub resource: ImportResource,
    pub format: ImportFormat,
    /// Column → target as given, in order; `None` maps columns by their names.
    pub mapping: Option<Vec<(String, String)>>,
    /// Update the record this key matches instead of creating one.
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
    pub resource: ImportResource,
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
