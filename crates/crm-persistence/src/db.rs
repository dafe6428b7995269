//! Connecting to SQLite or PostgreSQL, migrations, readiness, and write transactions.

use crate::error::{Result, port};
use crm_core::{DomainError, DomainResult, Fault};
use crm_migrations::{MigrationStatus, Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// How to reach the database.
#[derive(Clone)]
pub struct DbConfig {
    pub url: String,
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl std::fmt::Debug for DbConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbConfig")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .finish()
    }
}

/// The migration that added `people.card`.
const CARDS_MIGRATION: &str = "m20261202_000011_person_cards";

/// The URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A pool of connections to one database.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
}

impl Db {
    /// Opens the pool. SQLite files are created if missing and set to WAL mode with a
    /// busy timeout and foreign keys on.
    pub async fn connect(cfg: &DbConfig) -> DomainResult<Db> {
        port(async {
            let mut opts = ConnectOptions::new(cfg.url.clone());
            opts.max_connections(cfg.max_connections)
                .min_connections(0)
                .acquire_timeout(cfg.acquire_timeout)
                .connect_timeout(cfg.acquire_timeout)
                .sqlx_logging(false)
                .map_sqlx_sqlite_opts(|o| {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(5))
                        .pragma("cache_size", "-16384")
                        .foreign_keys(true)
                });
            let conn = sea_orm::Database::connect(opts).await.map_err(|e| {
                DomainError::Unavailable(Fault::caused_by(
                    format!("cannot connect to {}", redact_url(&cfg.url)),
                    e,
                ))
            })?;
            Ok(Db { conn })
        })
        .await
    }

    pub fn backend(&self) -> &'static str {
        match self.conn.get_database_backend() {
            DbBackend::Postgres => "postgres",
            DbBackend::Sqlite => "sqlite",
            _ => "other",
        }
    }

    /// Applies pending migrations (all, or `steps`). When the one that added people's
    /// cards is among them, the cards of the people already stored are filled after it.
    pub async fn migrate_up(&self, steps: Option<u32>) -> DomainResult<()> {
        port(async {
            let cards_pending = self
                .migration_status()
                .await?
                .iter()
                .any(|(name, applied)| name == CARDS_MIGRATION && !applied);
            Migrator::up(&self.conn, steps).await?;
            let cards_now = self
                .migration_status()
                .await?
                .iter()
                .any(|(name, applied)| name == CARDS_MIGRATION && *applied);
            if cards_pending && cards_now {
                let txn = self.begin_write().await?;
                let filled = crate::repos::fill_missing_person_cards(&txn).await?;
                txn.commit().await?;
                tracing::info!(
                    filled,
                    "filled the cards of people stored before cards existed"
                );
            }
            Ok(())
        })
        .await
    }

    /// Rolls back the last `steps` migrations.
    pub async fn migrate_down(&self, steps: u32) -> DomainResult<()> {
        port(async { Ok(Migrator::down(&self.conn, Some(steps)).await?) }).await
    }

    /// Every migration with whether it is applied.
    pub async fn migration_status(&self) -> DomainResult<Vec<(String, bool)>> {
        port(async {
            let all = Migrator::get_migration_with_status(&self.conn).await?;
            Ok(all
                .iter()
                .map(|m| {
                    (
                        m.name().to_string(),
                        matches!(m.status(), MigrationStatus::Applied),
                    )
                })
                .collect())
        })
        .await
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    /// Connections in the pool and how many are idle.
    pub fn pool_stats(&self) -> (u32, usize) {
        match self.conn.get_database_backend() {
            DbBackend::Postgres => {
                let p = self.conn.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            _ => {
                let p = self.conn.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
        }
    }

    /// Starts a write transaction: `BEGIN IMMEDIATE` on SQLite, so concurrent writers
    /// queue on the busy timeout instead of failing mid-way.
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.conn.begin_with_options(opts).await?)
    }

    /// Ends a write: commits it, or on a dry run (a preview) rolls it back.
    pub(crate) async fn finish(txn: DatabaseTransaction, dry_run: bool) -> Result<()> {
        if dry_run {
            Ok(txn.rollback().await?)
        } else {
            Ok(txn.commit().await?)
        }
    }

    /// Runs raw SQL; for the benchmark's baseline and operational tools only.
    pub async fn execute_raw(&self, sql: &str) -> DomainResult<u64> {
        port(async { Ok(self.conn.execute_unprepared(sql).await?.rows_affected()) }).await
    }
}
