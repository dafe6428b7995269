//! Counters that every replica shares and that outlive a restart: the rate limits' and
//! sign-in throttle's hits per bucket and fixed window (`rate_counters`, decision 0043).
//! Buckets name their caller, organisation or address themselves; no row belongs to
//! an organisation, so the table is not a tenant table.

use crate::db::Db;
use crate::error::port;
use crm_core::{DomainError, DomainResult};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use std::collections::HashMap;

/// Hits to add to one bucket's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub bucket: String,
    /// The window's start, in seconds since the epoch.
    pub window_start: i64,
    /// When the row may go, in seconds since the epoch.
    pub expires_at: i64,
    pub hits: i64,
}

/// The shared counter store.
#[derive(Clone, Debug)]
pub struct CounterStore {
    db: Db,
}

fn table() -> Alias {
    Alias::new("rate_counters")
}

fn col(name: &str) -> Alias {
    Alias::new(name)
}

impl CounterStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Adds each delta to its window (creating it at that count) in one statement and
    /// returns every window's total after the addition, in the order given.
    pub async fn add(&self, deltas: &[Delta]) -> DomainResult<Vec<i64>> {
        if deltas.is_empty() {
            return Ok(Vec::new());
        }
        port(async {
            let mut insert = Query::insert();
            insert.into_table(table()).columns([
                col("bucket"),
                col("window_start"),
                col("hits"),
                col("expires_at"),
            ]);
            for d in deltas {
                insert
                    .values([
                        d.bucket.clone().into(),
                        d.window_start.into(),
                        d.hits.into(),
                        d.expires_at.into(),
                    ])
                    .map_err(|e| DomainError::internal(format!("counter row: {e}")))?;
            }
            insert
                .on_conflict(
                    OnConflict::columns([col("bucket"), col("window_start")])
                        .value(
                            col("hits"),
                            Expr::col((table(), col("hits")))
                                .add(Expr::col((col("excluded"), col("hits")))),
                        )
                        .to_owned(),
                )
                .returning(Query::returning().columns([
                    col("bucket"),
                    col("window_start"),
                    col("hits"),
                ]));
            let c = &self.db.conn;
            let backend = c.get_database_backend();
            let _turn = self.db.turn().await;
            let rows = c.query_all_raw(backend.build(&insert)).await?;
            let by_window: HashMap<(String, i64), i64> = rows
                .iter()
                .filter_map(|r| {
                    let bucket = r.try_get::<String>("", "bucket").ok()?;
                    let window = r.try_get::<i64>("", "window_start").ok()?;
                    let hits = r.try_get::<i64>("", "hits").ok()?;
                    Some(((bucket, window), hits))
                })
                .collect();
            let totals = deltas
                .iter()
                .map(|d| {
                    by_window
                        .get(&(d.bucket.clone(), d.window_start))
                        .copied()
                        .unwrap_or(d.hits)
                })
                .collect();
            Ok(totals)
        })
        .await
    }

    /// The hits of one bucket's window so far (0 when none).
    pub async fn read(&self, bucket: &str, window_start: i64) -> DomainResult<i64> {
        port(async {
            let q = Query::select()
                .column(col("hits"))
                .from(table())
                .and_where(Expr::col(col("bucket")).eq(bucket))
                .and_where(Expr::col(col("window_start")).eq(window_start))
                .to_owned();
            let c = &self.db.conn;
            let row = c.query_one_raw(c.get_database_backend().build(&q)).await?;
            Ok(row
                .and_then(|r| r.try_get::<i64>("", "hits").ok())
                .unwrap_or(0))
        })
        .await
    }

    /// Forgets the windows that ended before `now` (seconds since the epoch).
    pub async fn sweep(&self, now: i64) -> DomainResult<u64> {
        port(async {
            let q = Query::delete()
                .from_table(table())
                .and_where(Expr::col(col("expires_at")).lt(now))
                .to_owned();
            let c = &self.db.conn;
            let _turn = self.db.turn().await;
            let r = c.execute_raw(c.get_database_backend().build(&q)).await?;
            Ok(r.rows_affected())
        })
        .await
    }
}
