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

/// An unexpected failure: what was being done and, for the log only, the error that
/// caused it with its own chain of sources. Never shown to a caller.
pub struct Fault {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Fault {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// A failure of `message` caused by `source`.
    pub fn caused_by(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// The message and every cause below it, `a: b: c`, for a log line.
    pub fn chain(&self) -> String {
        let mut out = self.message.clone();
        let mut next: Option<&(dyn std::error::Error + 'static)> = self
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(e) = next {
            out.push_str(": ");
            out.push_str(&e.to_string());
            next = e.source();
        }
        out
    }
}

impl std::fmt::Debug for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.chain())
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fault {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<String> for Fault {
    fn from(message: String) -> Self {
        Self::new(message)
    }
}

impl From<&str> for Fault {
    fn from(message: &str) -> Self {
        Self::new(message)
    }
}

/// What a domain operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("{resource} not found")]
    NotFound { resource: &'static str },
    /// The record was merged into another, `to`, which lives on at
    /// `/v1/{collection}/{to}`.
    #[error("{resource} was merged into {to}")]
    Moved {
        resource: &'static str,
        collection: &'static str,
        to: uuid::Uuid,
    },
    /// More than a limit allows (rows in a file, items in a batch); `code` is stable.
    #[error("too large: {detail}")]
    TooLarge { code: &'static str, detail: String },
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
    Unavailable(#[source] Fault),
    #[error("internal error: {0}")]
    Internal(#[source] Fault),
}

/// One field's error is a validation error naming it (`?` on a `Money::new`).
impl From<FieldError> for DomainError {
    fn from(f: FieldError) -> Self {
        DomainError::Validation(vec![f])
    }
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

    /// An unexpected failure described by `message`.
    pub fn internal(message: impl Into<String>) -> Self {
        DomainError::Internal(Fault::new(message))
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

#[cfg(test)]
mod fault_tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn a_fault_keeps_every_cause_for_the_log_but_displays_only_its_message() {
        let io = std::io::Error::other("disk on fire");
        let f = Fault::caused_by("saving a person", Outer(io));
        assert_eq!(f.chain(), "saving a person: outer: disk on fire");
        assert_eq!(f.to_string(), "saving a person");
        let e = DomainError::Internal(f);
        let src = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(src.as_deref(), Some("saving a person"));
    }
}

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

    /// Whether an error names `field` already.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
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
