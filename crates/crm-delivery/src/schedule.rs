//! When a failed delivery is tried again: the Standard Webhooks schedule (5 seconds,
//! 5 minutes, 30 minutes, 2, 5 and 10 hours), stretched to about three days with 14, 20
//! and 24 hours, each delay moved by up to a tenth either way so that the retries of
//! many deliveries do not arrive together; a `Retry-After` the receiver sent wins.

use std::time::Duration;

/// The waits before attempts 2, 3, … (the first is at once).
pub const DELAYS: [Duration; 9] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(20 * 3600),
    Duration::from_secs(24 * 3600),
];

/// Attempts a delivery gets in all.
pub const ATTEMPTS: u32 = DELAYS.len() as u32 + 1;

/// The longest `Retry-After` honoured.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The wait before the next attempt after `made` attempts failed, or `None` when the
/// schedule is used up. `jitter` in `[0, 1)` moves the delay by −10% … +10%;
/// `retry_after` (at least a second, at most [`MAX_RETRY_AFTER`]) replaces it.
pub fn next_delay(made: u32, retry_after: Option<Duration>, jitter: f64) -> Option<Duration> {
    let base = *DELAYS.get(usize::try_from(made.checked_sub(1)?).ok()?)?;
    if let Some(after) = retry_after {
        return Some(after.clamp(Duration::from_secs(1), MAX_RETRY_AFTER));
    }
    let factor = 0.9 + 0.2 * jitter.clamp(0.0, 1.0);
    Some(base.mul_f64(factor))
}

/// A `Retry-After` header's wait: delay-seconds, or an HTTP date (RFC 9110) after `now`.
pub fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    (at.with_timezone(&chrono::Utc) - now).to_std().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_schedule_runs_ten_attempts_over_about_three_days() {
        assert_eq!(ATTEMPTS, 10);
        let total: Duration = DELAYS.iter().sum();
        assert!(total > Duration::from_secs(3 * 86400) && total < Duration::from_secs(4 * 86400));
        assert_eq!(next_delay(1, None, 0.5), Some(Duration::from_secs(5)));
        assert_eq!(next_delay(3, None, 0.5), Some(Duration::from_secs(1800)));
        assert_eq!(next_delay(ATTEMPTS, None, 0.5), None);
        assert_eq!(next_delay(0, None, 0.5), None);
    }

    #[test]
    fn jitter_moves_a_delay_by_at_most_a_tenth() {
        assert_eq!(next_delay(2, None, 0.0), Some(Duration::from_secs(270)));
        let high = next_delay(2, None, 0.999_999).unwrap();
        assert!(high > Duration::from_secs(329) && high <= Duration::from_secs(330));
    }

    #[test]
    fn a_retry_after_replaces_the_schedule_within_bounds_but_not_past_its_end() {
        let s = Some(Duration::from_secs(42));
        assert_eq!(next_delay(1, s, 0.3), Some(Duration::from_secs(42)));
        assert_eq!(
            next_delay(1, Some(Duration::ZERO), 0.3),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            next_delay(2, Some(Duration::from_secs(9e6 as u64)), 0.3),
            Some(MAX_RETRY_AFTER)
        );
        assert_eq!(next_delay(ATTEMPTS, s, 0.3), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = chrono::Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
        assert_eq!(retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Mon, 07 Dec 2026 12:01:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(retry_after("Mon, 07 Dec 2026 11:00:00 GMT", now), None);
        assert_eq!(retry_after("soon", now), None);
    }
}
