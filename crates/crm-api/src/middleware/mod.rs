//! Middleware around every request: observation (request id, logs, metrics), rate
//! limits, and idempotency keys.

pub mod idempotency;
pub mod metrics;
pub mod observe;
pub mod rate_limit;
