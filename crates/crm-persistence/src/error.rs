//! The persistence error: every function of this crate returns [`Result`], so `?` works
//! on sea-orm's `DbErr` and on domain errors alike. A database error becomes a domain
//! error here, once: constraint violations by their portable class (never by message
//! text), lost connections as `Unavailable`, anything else as `Internal` with the
//! `DbErr` kept as its source, so a 500's log line carries the whole chain.

use crm_core::{DomainError, DomainResult, Fault};
use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// An error of this crate: a domain error, already classified.
#[derive(Debug)]
pub(crate) struct StoreError(pub(crate) DomainError);

/// The result of every persistence function.
pub(crate) type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<DomainError> for StoreError {
    fn from(e: DomainError) -> Self {
        StoreError(e)
    }
}

impl From<StoreError> for DomainError {
    fn from(e: StoreError) -> Self {
        e.0
    }
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        StoreError(classify(e, None))
    }
}

fn unavailable(e: &DbErr) -> bool {
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            matches!(
                e.as_ref(),
                sea_orm::sqlx::Error::Io(_)
                    | sea_orm::sqlx::Error::PoolTimedOut
                    | sea_orm::sqlx::Error::PoolClosed
                    | sea_orm::sqlx::Error::WorkerCrashed
                    | sea_orm::sqlx::Error::Tls(_)
            )
        }
        DbErr::Conn(_) => true,
        _ => false,
    }
}

/// The domain error of `e`; a unique or foreign-key violation is a conflict described
/// by `what` (or a generic description).
fn classify(e: DbErr, what: Option<&str>) -> DomainError {
    let what = what.unwrap_or("the record conflicts with an existing one");
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => DomainError::conflict(what),
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            DomainError::conflict(format!("{what} (a referenced record does not exist)"))
        }
        _ if unavailable(&e) => DomainError::Unavailable(Fault::caused_by("the database", e)),
        _ => DomainError::Internal(Fault::caused_by("a database statement failed", e)),
    }
}

/// Names the conflict a statement can cause: `insert(..).await.conflict_as("taken")?`.
pub(crate) trait ConflictAs<T> {
    fn conflict_as(self, what: &str) -> Result<T>;
}

impl<T> ConflictAs<T> for std::result::Result<T, DbErr> {
    fn conflict_as(self, what: &str) -> Result<T> {
        self.map_err(|e| StoreError(classify(e, Some(what))))
    }
}

/// Answers a port: runs a repository method's body, whose errors are this crate's, and
/// hands its result to the domain.
pub(crate) async fn port<T>(body: impl Future<Output = Result<T>>) -> DomainResult<T> {
    body.await.map_err(|e| e.0)
}

/// An internal fault caused by `source`, for `ok_or_else`/`map_err` on non-database errors.
pub(crate) fn fault(
    message: impl Into<String>,
    source: impl std::error::Error + Send + Sync + 'static,
) -> StoreError {
    StoreError(DomainError::Internal(Fault::caused_by(message, source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unexpected_database_error_keeps_its_cause_for_the_log() {
        let e = StoreError::from(DbErr::Custom("near \"SELEC\": syntax error".into()));
        match DomainError::from(e) {
            DomainError::Internal(f) => {
                assert_eq!(f.to_string(), "a database statement failed");
                assert!(f.chain().contains("syntax error"), "{}", f.chain());
            }
            other => panic!("expected an internal error, got {other:?}"),
        }
    }

    #[test]
    fn a_lost_pool_is_unavailable() {
        let e = StoreError::from(DbErr::ConnectionAcquire(
            sea_orm::error::ConnAcquireErr::Timeout,
        ));
        assert!(matches!(e.0, DomainError::Unavailable(_)));
    }
}
