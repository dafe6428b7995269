//! Database errors become domain errors here, once: constraint violations by their
//! portable class (never by message text), lost connections as `Unavailable`.

use crm_core::DomainError;
use sea_orm::{DbErr, RuntimeErr, SqlErr};

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

/// Converts any database error. Unique and foreign-key violations become conflicts
/// described by `what`.
pub(crate) fn map_err(e: DbErr, what: &str) -> DomainError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => DomainError::conflict(what),
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            DomainError::conflict(format!("{what} (a referenced record does not exist)"))
        }
        _ if unavailable(&e) => DomainError::Unavailable(e.to_string()),
        _ => DomainError::Internal(e.to_string()),
    }
}

/// Converts a database error where no constraint is expected.
pub(crate) fn db(e: DbErr) -> DomainError {
    map_err(e, "the record conflicts with an existing one")
}
