//! Connecting to SQLite or PostgreSQL, migrations, readiness, and write transactions.

use crate::error::{Result, port};
use crm_core::{DomainError, DomainResult, Fault};
use crm_migrations::{MigrationStatus, Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, QueryResult, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

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

/// Opens a pool of at most `max` connections to the database of `cfg`.
async fn open(cfg: &DbConfig, max: u32) -> Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(cfg.url.clone());
    opts.max_connections(max)
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
                // Pages are read from the OS cache through a mapping, not copied by
                // pread into each connection's cache (decision 0023).
                .pragma("mmap_size", "268435456")
                // What a write frees (a deleted row, the old text of an updated one) is
                // zeroed, not left in the page: an erasure leaves no copy (decision 0042).
                .pragma("secure_delete", "ON")
                .foreign_keys(true)
        });
    sea_orm::Database::connect(opts).await.map_err(|e| {
        DomainError::Unavailable(Fault::caused_by(
            format!("cannot connect to {}", redact_url(&cfg.url)),
            e,
        ))
        .into()
    })
}

/// SQLite's one writer: its turn and its connection.
#[derive(Clone, Debug)]
struct Writer {
    turn: Arc<Mutex<()>>,
    conn: DatabaseConnection,
}

/// A pool of connections to one database.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    /// SQLite: the one writer's turn and connection. Writers wait for the turn in
    /// arrival order (a fair queue) instead of polling the file lock in
    /// `busy_timeout`'s growing sleeps; readers never take it (decision 0022). `None`
    /// on PostgreSQL, whose row locks let writers of different rows run at once.
    writer: Option<Writer>,
    /// How this pool was opened, for a connection of its own ([`crate::liveness`]).
    pub(crate) config: DbConfig,
}

/// A write transaction that holds the writer's turn (on SQLite) until it ends.
pub(crate) struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub(crate) async fn commit(self) -> std::result::Result<(), DbErr> {
        self.txn.commit().await
    }

    pub(crate) async fn rollback(self) -> std::result::Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }
    async fn execute_raw(&self, stmt: Statement) -> std::result::Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }
    async fn execute_unprepared(&self, sql: &str) -> std::result::Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }
    async fn query_one_raw(
        &self,
        stmt: Statement,
    ) -> std::result::Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }
    async fn query_all_raw(&self, stmt: Statement) -> std::result::Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }
}

/// A connection for a use case that reads first and then writes in one statement: its
/// queries go to the pool (they must only read), and every execute is a transaction of
/// its own. On SQLite it waits for the writer's turn, then `BEGIN IMMEDIATE`, the
/// statement (a script, [`crate::one_trip`]) and `COMMIT` go to the writer's thread as
/// one message, and a failed statement rolls the whole back; on PostgreSQL the
/// statement runs alone, atomic by itself. No BEGIN and COMMIT round trips, and the
/// turn is held for one round trip instead of four (decision 0023). Its execute results
/// carry no meaningful row counts.
pub(crate) struct AtOnce<'a>(&'a Db);

impl AtOnce<'_> {
    /// Runs a guarded write ([`crate::one_trip::guarded`]) and answers whether it wrote.
    pub(crate) async fn write_guarded(&self, stmt: Statement) -> std::result::Result<bool, DbErr> {
        // All the rows, so the statement stream runs on to the COMMIT.
        let rows = self
            .alone(stmt, |c, s| async move { c.query_all_raw(s).await })
            .await?;
        let n = match rows.first() {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        Ok(n == 1)
    }

    /// Runs `stmt` with `run` as a transaction of its own: on SQLite in the writer's
    /// turn, between `BEGIN IMMEDIATE` and `COMMIT`, rolled back if it fails half-way.
    async fn alone<T, F, Fut>(&self, stmt: Statement, run: F) -> std::result::Result<T, DbErr>
    where
        T: Send + 'static,
        F: FnOnce(DatabaseConnection, Statement) -> Fut + Send + 'static,
        Fut: Future<Output = std::result::Result<T, DbErr>> + Send + 'static,
    {
        match &self.0.writer {
            Some(w) => {
                let turn = self.0.turn().await;
                let conn = w.conn.clone();
                to_the_end(turn, async move {
                    let done = run(conn.clone(), own_transaction(stmt)).await;
                    rolled_back_on_error(&conn, done).await
                })
                .await
            }
            None => run(self.0.conn.clone(), stmt).await,
        }
    }
}

/// `stmt` between `BEGIN IMMEDIATE` and `COMMIT`, as one script.
fn own_transaction(stmt: Statement) -> Statement {
    Statement {
        sql: format!("BEGIN IMMEDIATE;\n{};\nCOMMIT", stmt.sql),
        ..stmt
    }
}

/// A script that failed half-way left its transaction open on the writer's connection:
/// roll it back (if BEGIN itself failed there is nothing to roll back, and that second
/// error is moot).
async fn rolled_back_on_error<T>(
    conn: &DatabaseConnection,
    done: std::result::Result<T, DbErr>,
) -> std::result::Result<T, DbErr> {
    if done.is_err() {
        let _ = conn.execute_unprepared("ROLLBACK").await;
    }
    done
}

/// Runs a script on the writer's connection in a task of its own, holding the turn
/// until it ends: a request dropped half-way (its client gone) cannot stop the script
/// between its BEGIN and its COMMIT and leave the writer inside a transaction.
async fn to_the_end<T: Send + 'static>(
    turn: Turn,
    script: impl Future<Output = std::result::Result<T, DbErr>> + Send + 'static,
) -> std::result::Result<T, DbErr> {
    tokio::spawn(async move {
        let _turn = turn;
        script.await
    })
    .await
    .map_err(|e| DbErr::Custom(format!("the writer's task stopped: {e}")))?
}

#[async_trait::async_trait]
impl ConnectionTrait for AtOnce<'_> {
    fn get_database_backend(&self) -> DbBackend {
        self.0.conn.get_database_backend()
    }
    async fn execute_raw(&self, stmt: Statement) -> std::result::Result<ExecResult, DbErr> {
        self.alone(stmt, |c, s| async move { c.execute_raw(s).await })
            .await
    }
    async fn execute_unprepared(&self, sql: &str) -> std::result::Result<ExecResult, DbErr> {
        let backend = self.get_database_backend();
        self.execute_raw(Statement::from_string(backend, sql)).await
    }
    async fn query_one_raw(
        &self,
        stmt: Statement,
    ) -> std::result::Result<Option<QueryResult>, DbErr> {
        self.0.conn.query_one_raw(stmt).await
    }
    async fn query_all_raw(&self, stmt: Statement) -> std::result::Result<Vec<QueryResult>, DbErr> {
        self.0.conn.query_all_raw(stmt).await
    }
}

/// A transaction or savepoint, which ends in a commit or a rollback.
pub(crate) trait Ends {
    fn commit(self) -> impl Future<Output = std::result::Result<(), DbErr>> + Send;
    fn rollback(self) -> impl Future<Output = std::result::Result<(), DbErr>> + Send;
}

impl Ends for WriteTxn {
    fn commit(self) -> impl Future<Output = std::result::Result<(), DbErr>> + Send {
        self.txn.commit()
    }
    fn rollback(self) -> impl Future<Output = std::result::Result<(), DbErr>> + Send {
        self.txn.rollback()
    }
}

impl Ends for DatabaseTransaction {
    fn commit(self) -> impl Future<Output = std::result::Result<(), DbErr>> + Send {
        DatabaseTransaction::commit(self)
    }
    fn rollback(self) -> impl Future<Output = std::result::Result<(), DbErr>> + Send {
        DatabaseTransaction::rollback(self)
    }
}

/// The writer's turn for a write that is one statement outside a transaction; hold it
/// until the statement is done.
pub(crate) struct Turn(#[allow(dead_code)] Option<OwnedMutexGuard<()>>);

impl Db {
    /// Opens the pool. SQLite files are created if missing and set to WAL mode with a
    /// busy timeout and foreign keys on.
    pub async fn connect(cfg: &DbConfig) -> DomainResult<Db> {
        port(async {
            let conn = open(cfg, cfg.max_connections).await?;
            let writer = if conn.get_database_backend() == DbBackend::Sqlite {
                // Searches on SQLite fold case through a table built once; build it now
                // on a blocking thread rather than in the first search.
                tokio::task::spawn_blocking(crate::fold::warm);
                // The one writer has a connection of its own: its statement cache and
                // pages stay warm, and its thread is the one that wakes for every write.
                Some(Writer {
                    turn: Arc::new(Mutex::new(())),
                    conn: open(cfg, 1).await?,
                })
            } else {
                None
            };
            Ok(Db {
                conn,
                writer,
                config: cfg.clone(),
            })
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

    /// SQLite: copies the write-ahead log into the database file and truncates it, so
    /// the page images a transaction replaced (an erasure's) are in neither file; nothing
    /// on PostgreSQL. A reader in the middle of a query can hold the log; the checkpoint
    /// is retried a few times, then left to SQLite's next automatic one.
    pub(crate) async fn checkpoint(&self) -> Result<()> {
        let Some(w) = &self.writer else {
            return Ok(());
        };
        for attempt in 0..5u64 {
            let busy = {
                let _turn = w.turn.clone().lock_owned().await;
                w.conn
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "PRAGMA wal_checkpoint(TRUNCATE)",
                    ))
                    .await?
                    .map(|r| r.try_get_by_index::<i64>(0))
                    .transpose()?
                    .unwrap_or(0)
            };
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(20 * (attempt + 1))).await;
        }
        tracing::warn!("the write-ahead log stayed in use; SQLite will checkpoint it later");
        Ok(())
    }

    /// Waits for the writer's turn (SQLite; at once on PostgreSQL).
    pub(crate) async fn turn(&self) -> Turn {
        Turn(match &self.writer {
            Some(w) => Some(w.turn.clone().lock_owned().await),
            None => None,
        })
    }

    /// Starts a write transaction. On SQLite it first waits for the writer's turn, then
    /// begins `IMMEDIATE` (a writer of another process, a CLI tool, still meets the busy
    /// timeout, never a half-done transaction).
    pub(crate) async fn begin_write(&self) -> Result<WriteTxn> {
        let turn = self.turn().await;
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        let conn = self.writer.as_ref().map_or(&self.conn, |w| &w.conn);
        Ok(WriteTxn {
            txn: conn.begin_with_options(opts).await?,
            _turn: turn.0,
        })
    }

    /// Writes that are each a transaction of their own ([`AtOnce`]).
    pub(crate) fn at_once(&self) -> AtOnce<'_> {
        AtOnce(self)
    }

    /// Ends a write: commits it, or on a dry run (a preview) rolls it back.
    pub(crate) async fn finish(txn: impl Ends, dry_run: bool) -> Result<()> {
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
