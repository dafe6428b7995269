//! Middleware around every request: observation (request id, logs, metrics), rate
//! limits, idempotency keys, and conditional requests with cache headers.

pub mod conditional;
pub mod counters;
pub mod email_budget;
pub mod idempotency;
pub mod metrics;
pub mod observe;
pub mod rate_limit;
