//! The error every port returns. Persistence converts database errors into it; the API
//! converts it into problem+json in one table.

use serde::Serialize;

/// One invalid field of a request, named by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// What a domain operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("{resource} not found")]
    NotFound { resource: &'static str },
    /// The record was merged into another, `to`.
    #[error("{resource} was merged into {to}")]
    Moved {
        resource: &'static str,
        to: uuid::Uuid,
    },
    #[error("conflict: {what}")]
    Conflict { what: String },
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("the resource has changed (version {current_version})")]
    PreconditionFailed { current_version: i64 },
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl DomainError {
    /// A validation error about a single field.
    pub fn field(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        DomainError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn not_found(resource: &'static str) -> Self {
        DomainError::NotFound { resource }
    }

    pub fn conflict(what: impl Into<String>) -> Self {
        DomainError::Conflict { what: what.into() }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// Collects field errors so a request reports all of them at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(
        &mut self,
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(FieldError::new(field, code, message));
    }

    pub fn extend(&mut self, other: Vec<FieldError>) {
        self.0.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when no error was collected, else a validation error with all of them.
    pub fn finish<T>(self, value: T) -> DomainResult<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(DomainError::Validation(self.0))
        }
    }
}
