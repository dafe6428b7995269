//! Which job workers are alive, on PostgreSQL: each worker holds a session advisory lock
//! named after its id, on a connection of its own that lives as long as the process.
//! When the process dies its connection closes and the lock is free, so another worker
//! can take back its jobs at once instead of waiting out their leases (decision 0044).

use crate::db::DbConfig;
use crate::error::Result;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbBackend, Statement};
use std::time::Duration;

/// The first key of every worker lock: `hashtext('crm-worker')`, so the locks of this
/// application do not collide with another's.
pub(crate) const LOCK_SPACE: &str = "hashtext('crm-worker')";

/// How often the keeper checks that its connection, and so its lock, is still the one
/// it took (a connection the pool replaced holds no lock).
const CHECK_EVERY: Duration = Duration::from_secs(5);

fn stmt(sql: &str, worker: &str) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, [worker.into()])
}

/// Takes `worker`'s lock on a connection of its own and keeps it for the life of the
/// process, taking it again if the connection is replaced (after the database
/// restarted). Returns once the lock is first held.
pub(crate) async fn hold(cfg: &DbConfig, worker: &str) -> Result<()> {
    let mut opts = ConnectOptions::new(cfg.url.clone());
    opts.max_connections(1)
        .min_connections(1)
        .idle_timeout(None::<Duration>)
        .max_lifetime(None::<Duration>)
        .acquire_timeout(cfg.acquire_timeout)
        .sqlx_logging(false);
    let conn = Database::connect(opts).await?;
    let lock = format!(
        "SELECT pg_try_advisory_lock({LOCK_SPACE}, hashtext($1)) AS held, pg_backend_pid() AS pid"
    );
    let take = |conn: sea_orm::DatabaseConnection, worker: String, lock: String| async move {
        let row = conn.query_one_raw(stmt(&lock, &worker)).await?;
        Ok::<_, sea_orm::DbErr>(row.and_then(|r| r.try_get::<i32>("", "pid").ok()))
    };
    let mut pid = take(conn.clone(), worker.to_string(), lock.clone()).await?;
    let worker = worker.to_string();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            let now = conn
                .query_one_raw(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT pg_backend_pid() AS pid",
                ))
                .await
                .ok()
                .flatten()
                .and_then(|r| r.try_get::<i32>("", "pid").ok());
            if now.is_some() && now != pid {
                match take(conn.clone(), worker.clone(), lock.clone()).await {
                    Ok(p) => {
                        tracing::warn!(worker = %worker, "the worker's lock was taken again on a new connection");
                        pid = p;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "the worker's lock could not be taken again")
                    }
                }
            }
        }
    });
    Ok(())
}
