//! The rate limiter's counters: fixed windows counted in this process and, with a
//! shared store, summed across every replica (decision 0043). A request costs a map
//! update, never a database write: each replica adds its pending hits to the shared
//! rows once a second and learns the others' totals from the answer. Sign-in attempts
//! are counted in the store at once instead ([`RateLimiter::hit_exact`]).

use crm_core::DomainResult;
use crm_persistence::CounterStore;
use crm_persistence::counters::Delta;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often pending hits go to the shared store.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Ended windows are swept from the store every this many flushes.
const SWEEP_EVERY: u64 = 60;
/// At most this many windows per statement of a flush.
const FLUSH_BATCH: usize = 1000;

/// The outcome of counting one request against a bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub policy: &'static str,
    pub limit: u32,
    pub remaining: u32,
    pub reset_seconds: u64,
    pub allowed: bool,
}

/// One bucket's current window in this process.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: u64,
    length: u64,
    /// Hits of every replica as of the last flush (this one's included).
    shared: u64,
    /// Hits of this replica since the last flush.
    pending: u64,
}

/// Fixed-window counters; shared through `store` when there is one.
#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, Window>>,
    store: Option<CounterStore>,
    flushes: AtomicU64,
}

fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn decision(policy: &'static str, limit: u32, used: u64, allowed: bool, reset: u64) -> Decision {
    Decision {
        policy,
        limit,
        remaining: u32::try_from(u64::from(limit).saturating_sub(used)).unwrap_or(0),
        reset_seconds: reset,
        allowed,
    }
}

impl RateLimiter {
    /// Counters that every replica on `store`'s database shares.
    pub fn shared(store: CounterStore) -> Self {
        RateLimiter {
            store: Some(store),
            ..Self::default()
        }
    }

    /// Counts a hit on `bucket` allowing `limit` per `window` seconds: what this replica
    /// counted plus what the others had at the last flush.
    pub fn hit(&self, policy: &'static str, bucket: &str, limit: u32, window: u64) -> Decision {
        let now = now_seconds();
        let start = now - now % window;
        let reset = start + window - now;
        let Ok(mut w) = self.windows.lock() else {
            return decision(policy, limit, 0, true, reset);
        };
        if w.len() > 100_000 {
            w.retain(|_, x| x.start + x.length > now);
        }
        let fresh = Window {
            start,
            length: window,
            shared: 0,
            pending: 0,
        };
        let entry = w.entry(bucket.to_string()).or_insert(fresh);
        if entry.start != start {
            *entry = fresh;
        }
        let used = entry.shared + entry.pending;
        let allowed = used < u64::from(limit);
        if allowed {
            entry.pending += 1;
        }
        decision(policy, limit, used + u64::from(allowed), allowed, reset)
    }

    /// Counts a hit on `bucket` in the shared store at once and decides on the total of
    /// every replica, exactly: for sign-in, where a write per attempt is cheap beside
    /// the password hash and a lockout must survive a restart. Without a store, as
    /// [`hit`](Self::hit).
    pub async fn hit_exact(
        &self,
        policy: &'static str,
        bucket: &str,
        limit: u32,
        window: u64,
    ) -> DomainResult<Decision> {
        let Some(store) = &self.store else {
            return Ok(self.hit(policy, bucket, limit, window));
        };
        let now = now_seconds();
        let start = now - now % window;
        let total = store
            .add(&[Delta {
                bucket: bucket.to_string(),
                window_start: as_i64(start),
                expires_at: as_i64(start + window),
                hits: 1,
            }])
            .await?
            .first()
            .copied()
            .unwrap_or(1);
        let used = u64::try_from(total).unwrap_or(u64::MAX);
        let allowed = used <= u64::from(limit);
        Ok(decision(policy, limit, used, allowed, start + window - now))
    }

    /// Adds this replica's pending hits to the shared store and learns every window's
    /// total. Hits of a failed flush stay counted here only.
    pub async fn flush(&self) -> DomainResult<()> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let now = now_seconds();
        let batch: Vec<Delta> = {
            let Ok(mut w) = self.windows.lock() else {
                return Ok(());
            };
            w.retain(|_, x| x.start + x.length > now);
            w.iter_mut()
                .filter(|(_, x)| x.pending > 0)
                .map(|(bucket, x)| {
                    let hits = std::mem::take(&mut x.pending);
                    x.shared += hits;
                    Delta {
                        bucket: bucket.clone(),
                        window_start: as_i64(x.start),
                        expires_at: as_i64(x.start + x.length),
                        hits: as_i64(hits),
                    }
                })
                .collect()
        };
        for part in batch.chunks(FLUSH_BATCH) {
            let totals = store.add(part).await?;
            let Ok(mut w) = self.windows.lock() else {
                return Ok(());
            };
            for (d, total) in part.iter().zip(totals) {
                if let Some(x) = w.get_mut(&d.bucket)
                    && as_i64(x.start) == d.window_start
                {
                    x.shared = x.shared.max(u64::try_from(total).unwrap_or(0));
                }
            }
        }
        if self
            .flushes
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            store.sweep(as_i64(now)).await?;
        }
        Ok(())
    }

    /// Flushes every [`FLUSH_EVERY`] until the process ends.
    pub async fn run_flusher(self: std::sync::Arc<Self>) {
        if self.store.is_none() {
            return;
        }
        let mut tick = tokio::time::interval(FLUSH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = self.flush().await {
                tracing::warn!(error = %e, "rate-limit counters were not shared this second");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refuses_past_its_limit_and_reports_what_remains() {
        let l = RateLimiter::default();
        let a = l.hit("caller", "k", 2, 60);
        assert!(a.allowed && a.remaining == 1);
        assert!(l.hit("caller", "k", 2, 60).allowed);
        let c = l.hit("caller", "k", 2, 60);
        assert!(!c.allowed && c.remaining == 0 && c.reset_seconds <= 60);
        assert!(
            l.hit("caller", "other", 2, 60).allowed,
            "buckets are independent"
        );
    }
}
