//! The clock as stored: UTC truncated to microseconds, the precision PostgreSQL keeps,
//! so a value read back equals the value written on both databases.

use chrono::{DateTime, SubsecRound, Utc};

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub(crate) fn trunc(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}
