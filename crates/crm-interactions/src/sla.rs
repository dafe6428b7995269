//! Service levels: an organisation's business hours (time zone, weekly hours, holidays),
//! the SLA policies that set first-response and resolution targets per priority and
//! category, and the clock that turns them into deadlines on a case, counted in
//! business time and stopped while the case waits on the customer or is resolved.

use crate::case::CaseStatus;
use crate::task::{Priority, tz, zone};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_records::text::{Field, not_null, text};
use serde::Serialize;
use uuid::Uuid;

/// A stretch of a working day in local time, in minutes after midnight: from `start`
/// up to `end` (1440 is midnight at the day's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: u16,
    pub end: u16,
}

/// The most stretches one day may have.
pub const MAX_SPANS: usize = 6;
/// The most holidays an organisation may list.
pub const MAX_HOLIDAYS: usize = 400;
/// How far ahead a deadline is looked for: past this, a target has no deadline.
const HORIZON_DAYS: i64 = 3 * 366;

/// When an organisation works: its zone, its hours per weekday (Monday first) and its
/// holidays (days off whatever the weekday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BusinessHours {
    pub time_zone: String,
    pub weekly: [Vec<Span>; 7],
    pub holidays: Vec<NaiveDate>,
}

impl Default for BusinessHours {
    /// Until an organisation says otherwise, every hour counts (UTC, around the clock).
    fn default() -> Self {
        let day = || {
            vec![Span {
                start: 0,
                end: 1440,
            }]
        };
        Self {
            time_zone: "UTC".into(),
            weekly: [day(), day(), day(), day(), day(), day(), day()],
            holidays: Vec::new(),
        }
    }
}

/// The instant a local time of `day` names in `zone`; a time skipped by a daylight
/// saving jump moves on to the first valid one.
fn instant(zone: Tz, day: NaiveDate, minutes: u16) -> Option<DateTime<Utc>> {
    let local = day.and_hms_opt(0, 0, 0)? + Duration::minutes(i64::from(minutes));
    let at = zone.from_local_datetime(&local).earliest().or_else(|| {
        zone.from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
    })?;
    Some(at.with_timezone(&Utc))
}

impl BusinessHours {
    /// The working periods in UTC from the local day of `from` on, in order, for up
    /// to three years.
    fn periods(&self, from: DateTime<Utc>) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> {
        let zone = tz(&self.time_zone);
        let first = from.with_timezone(&zone).date_naive();
        (0..HORIZON_DAYS)
            .filter_map(move |n| first.checked_add_signed(Duration::days(n)))
            .filter(|d| !self.holidays.contains(d))
            .flat_map(move |d| {
                let spans = &self.weekly[d.weekday().num_days_from_monday() as usize];
                spans.iter().filter_map(move |s| {
                    Some((instant(zone, d, s.start)?, instant(zone, d, s.end)?))
                })
            })
            .filter(move |(_, end)| *end > from)
    }

    /// The instant at which `seconds` of business time have passed since `from`;
    /// `None` when that is more than three years of calendar away.
    pub fn add(&self, from: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
        let mut left = Duration::seconds(seconds.max(0));
        for (start, end) in self.periods(from) {
            let start = start.max(from);
            let open = end - start;
            if left <= open {
                return Some(start + left);
            }
            left -= open;
        }
        None
    }

    /// The business seconds between `from` and `to` (0 if `to` is not later).
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let mut total = Duration::zero();
        for (start, end) in self.periods(from) {
            if start >= to {
                break;
            }
            total += end.min(to) - start.max(from);
        }
        total.num_seconds().max(0)
    }
}

/// Business hours as given: `HH:MM` times per weekday.
#[derive(Debug, Clone, Default)]
pub struct BusinessHoursInput {
    pub time_zone: Option<String>,
    /// Monday first; each a list of `(start, end)` as `HH:MM` (`24:00` ends the day).
    pub weekly: [Vec<(String, String)>; 7],
    pub holidays: Vec<NaiveDate>,
}

/// Minutes after midnight as `HH:MM` (`24:00` for the day's end).
pub fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// `HH:MM` as minutes after midnight, `24:00` included.
pub fn minutes(v: &str) -> Option<u16> {
    let (h, m) = v.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= 1440).then_some(total)
}

pub const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl BusinessHoursInput {
    /// Checks every day at once: times `HH:MM`, each stretch ending after it starts,
    /// a day's stretches in order without overlap, some hours in the week.
    pub fn validate(self) -> DomainResult<BusinessHours> {
        let mut e = Errors::new();
        let time_zone = zone(&mut e, self.time_zone).unwrap_or_else(|| "UTC".into());
        let mut weekly: [Vec<Span>; 7] = Default::default();
        for (i, spans) in self.weekly.into_iter().enumerate() {
            let day = DAYS[i];
            if spans.len() > MAX_SPANS {
                e.push(
                    format!("weekly.{day}"),
                    "too_many",
                    format!("at most {MAX_SPANS}"),
                );
            }
            let mut last_end = 0;
            for (j, (start, end)) in spans.iter().enumerate() {
                let at = |f: &str| format!("weekly.{day}[{j}].{f}");
                let (Some(s), Some(t)) = (minutes(start), minutes(end)) else {
                    e.push(
                        at("start"),
                        "invalid_format",
                        "times are HH:MM, 00:00 to 24:00",
                    );
                    continue;
                };
                if s >= t {
                    e.push(at("end"), "invalid_value", "must be after start");
                } else if j > 0 && s < last_end {
                    e.push(
                        at("start"),
                        "invalid_value",
                        "overlaps the stretch before it; list a day's stretches in order",
                    );
                }
                last_end = t;
                weekly[i].push(Span { start: s, end: t });
            }
        }
        if weekly.iter().all(Vec::is_empty) && e.is_empty() {
            e.push(
                "weekly",
                "required",
                "an organisation works some hours in the week",
            );
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            e.push("holidays", "too_many", format!("at most {MAX_HOLIDAYS}"));
        }
        let mut holidays = self.holidays;
        holidays.sort_unstable();
        holidays.dedup();
        e.finish(BusinessHours {
            time_zone,
            weekly,
            holidays,
        })
    }
}

/// The longest target: a year of business minutes.
pub const MAX_TARGET_MINUTES: i64 = 525_600;
/// The longest wait before the follow-up check.
pub const MAX_FOLLOW_UP_DAYS: i64 = 90;
/// The follow-up check when no policy applies: three days after resolution.
pub const DEFAULT_FOLLOW_UP_DAYS: u32 = 3;
pub const MAX_NAME: usize = 100;

/// Targets for the cases a policy matches: those of its priority and category (either
/// left out matches any).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlaPolicy {
    pub id: Uuid,
    pub name: String,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub first_response_minutes: u32,
    pub resolution_minutes: u32,
    /// Days after resolution the follow-up check is due; 0 for none.
    pub follow_up_days: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl crm_records::ports::Identified for SlaPolicy {
    type Id = Uuid;
}

/// The policy a case of `priority` and `category` is worked to: the most specific
/// match (priority and category, then category, then priority, then neither), the
/// oldest among equals.
pub fn pick<'a>(
    policies: &'a [SlaPolicy],
    priority: Priority,
    category: Option<&str>,
) -> Option<&'a SlaPolicy> {
    let score = |p: &SlaPolicy| {
        let by_priority = match p.priority {
            Some(x) if x != priority => return None,
            Some(_) => 1,
            None => 0,
        };
        let by_category = match (&p.category, category) {
            (Some(x), Some(c)) if x.eq_ignore_ascii_case(c) => 2,
            (Some(_), _) => return None,
            (None, _) => 0,
        };
        Some(by_priority + by_category)
    };
    policies
        .iter()
        .filter_map(|p| score(p).map(|s| (s, p)))
        .min_by(|(a, p), (b, q)| b.cmp(a).then(p.created_at.cmp(&q.created_at)))
        .map(|(_, p)| p)
}

/// A checked policy to store, or the whole of one after a patch.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSlaPolicy {
    pub name: String,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    pub first_response_minutes: u32,
    pub resolution_minutes: u32,
    pub follow_up_days: u32,
}

/// A policy as given; in a patch, `None` leaves a field and `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct SlaPolicyInput {
    pub name: Field<String>,
    pub priority: Field<Priority>,
    pub category: Field<String>,
    pub first_response_minutes: Field<i64>,
    pub resolution_minutes: Field<i64>,
    pub follow_up_days: Field<i64>,
}

fn bounded(e: &mut Errors, field: &str, v: i64, min: i64, max: i64) -> u32 {
    if !(min..=max).contains(&v) {
        e.push(field, "out_of_range", format!("between {min} and {max}"));
    }
    u32::try_from(v.clamp(min, max)).unwrap_or_default()
}

impl SlaPolicyInput {
    /// Checks a policy, over `stored` for a patch (every field required of a new one).
    pub fn validate(self, stored: Option<&SlaPolicy>) -> DomainResult<NewSlaPolicy> {
        let mut e = Errors::new();
        let required = |e: &mut Errors, f: &str, v: Option<i64>, old: Option<u32>| {
            let v = v.or(old.map(i64::from));
            if v.is_none() {
                e.push(f, "required", "a policy needs both targets");
            }
            v.unwrap_or(1)
        };
        let name = not_null(&mut e, "name", self.name)
            .and_then(|n| text(&mut e, "name", Some(n), MAX_NAME))
            .or_else(|| stored.map(|s| s.name.clone()));
        if name.is_none() {
            e.push("name", "required", "a policy needs a name");
        }
        let first = not_null(
            &mut e,
            "first_response_minutes",
            self.first_response_minutes,
        );
        let first = required(
            &mut e,
            "first_response_minutes",
            first,
            stored.map(|s| s.first_response_minutes),
        );
        let resolution = not_null(&mut e, "resolution_minutes", self.resolution_minutes);
        let resolution = required(
            &mut e,
            "resolution_minutes",
            resolution,
            stored.map(|s| s.resolution_minutes),
        );
        let follow_up = not_null(&mut e, "follow_up_days", self.follow_up_days)
            .or(stored.map(|s| i64::from(s.follow_up_days)))
            .unwrap_or(i64::from(DEFAULT_FOLLOW_UP_DAYS));
        let policy = NewSlaPolicy {
            name: name.unwrap_or_default(),
            priority: match self.priority {
                Some(p) => p,
                None => stored.and_then(|s| s.priority),
            },
            category: match self.category {
                Some(c) => text(&mut e, "category", c, crate::case::MAX_NAME),
                None => stored.and_then(|s| s.category.clone()),
            },
            first_response_minutes: bounded(
                &mut e,
                "first_response_minutes",
                first,
                1,
                MAX_TARGET_MINUTES,
            ),
            resolution_minutes: bounded(
                &mut e,
                "resolution_minutes",
                resolution,
                1,
                MAX_TARGET_MINUTES,
            ),
            follow_up_days: bounded(&mut e, "follow_up_days", follow_up, 0, MAX_FOLLOW_UP_DAYS),
        };
        e.finish(policy)
    }
}

/// Whether a case's resolution clock runs in `status`: it stops while the case waits
/// on the customer and once it is resolved or closed.
pub fn runs(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::New | CaseStatus::Open | CaseStatus::Reopened
    )
}

/// Which target a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    FirstResponse,
    Resolution,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::FirstResponse => "first_response",
            Target::Resolution => "resolution",
        }
    }
}

/// A case's SLA clock: the policy it is worked to, its deadlines, the time stopped so
/// far, and when each target was breached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Clock {
    pub policy_id: Option<Uuid>,
    pub first_response_due_at: Option<DateTime<Utc>>,
    /// None while the clock is stopped.
    pub resolution_due_at: Option<DateTime<Utc>>,
    /// Since when the resolution clock has been stopped.
    pub paused_at: Option<DateTime<Utc>>,
    /// Business seconds of the earlier stops.
    pub paused_seconds: i64,
    pub first_response_breached_at: Option<DateTime<Utc>>,
    pub resolution_breached_at: Option<DateTime<Utc>>,
}

/// What the clock is computed from.
pub struct Setting<'a> {
    pub policy: Option<&'a SlaPolicy>,
    pub hours: &'a BusinessHours,
    /// When the case was opened: targets count from then.
    pub opened: DateTime<Utc>,
}

impl Clock {
    /// The clock of a case opened under `s`.
    pub fn start(s: &Setting<'_>) -> Clock {
        let mut c = Clock::default();
        c.deadlines(s);
        c
    }

    fn deadlines(&mut self, s: &Setting<'_>) {
        self.policy_id = s.policy.map(|p| p.id);
        let target = |minutes: u32| i64::from(minutes) * 60;
        self.first_response_due_at = s
            .policy
            .and_then(|p| s.hours.add(s.opened, target(p.first_response_minutes)));
        self.resolution_due_at = match (s.policy, self.paused_at) {
            (Some(p), None) => s
                .hours
                .add(s.opened, target(p.resolution_minutes) + self.paused_seconds),
            _ => None,
        };
    }

    /// Marks what is breached by `now`: a first response still missing (or given) after
    /// its deadline, a resolution clock running past its own.
    fn breaches(
        &mut self,
        now: DateTime<Utc>,
        responded: Option<DateTime<Utc>>,
        status: CaseStatus,
    ) {
        if self.first_response_breached_at.is_none()
            && let Some(due) = self.first_response_due_at
            && responded.unwrap_or(now) > due
        {
            self.first_response_breached_at = Some(due);
        }
        if self.resolution_breached_at.is_none()
            && runs(status)
            && let Some(due) = self.resolution_due_at
            && now > due
        {
            self.resolution_breached_at = Some(due);
        }
    }

    /// The clock after a write at `now` that moved the case from `from` to `to` and
    /// left it under `s` (its policy re-picked if the priority or category changed):
    /// breaches up to now are kept, then the clock stops or restarts, then the
    /// deadlines follow.
    pub fn after(
        &self,
        s: &Setting<'_>,
        from: CaseStatus,
        to: CaseStatus,
        responded: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Clock {
        let mut c = *self;
        c.breaches(now, responded, from);
        match (runs(from), runs(to)) {
            (true, false) => c.paused_at = Some(now),
            (false, true) => {
                if let Some(p) = c.paused_at.take() {
                    c.paused_seconds += s.hours.between(p, now);
                }
            }
            _ => {}
        }
        c.deadlines(s);
        c.breaches(now, responded, to);
        c
    }

    /// The clock once staff first answered at `at`.
    pub fn answered(&self, at: DateTime<Utc>, status: CaseStatus) -> Clock {
        let mut c = *self;
        c.breaches(at, Some(at), status);
        c
    }

    /// The clock after its check of `target` due at `due` ran at `now`: breached if
    /// the target is still unmet and still due then; `None` if nothing changed.
    pub fn check(
        &self,
        target: Target,
        due: DateTime<Utc>,
        responded: Option<DateTime<Utc>>,
        status: CaseStatus,
        now: DateTime<Utc>,
    ) -> Option<Clock> {
        let mut c = *self;
        match target {
            Target::FirstResponse if self.first_response_due_at == Some(due) => {
                c.breaches(now, responded, status);
            }
            Target::Resolution if self.resolution_due_at == Some(due) => {
                c.breaches(now, responded, status);
            }
            _ => return None,
        }
        (c != *self).then_some(c)
    }

    /// The next deadline still to be met (time to breach): the first response's while
    /// none was given, the resolution's while its clock runs; none once breached.
    pub fn due_at(&self, responded: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        let first = self
            .first_response_due_at
            .filter(|_| responded.is_none() && self.first_response_breached_at.is_none());
        let resolution = self
            .resolution_due_at
            .filter(|_| self.resolution_breached_at.is_none());
        first.into_iter().chain(resolution).min()
    }

    /// Whether either target was missed.
    pub fn breached(&self) -> bool {
        self.first_response_breached_at.is_some() || self.resolution_breached_at.is_some()
    }

    /// The deadlines that now need a check, each with its target: those just set or
    /// moved, still to be met.
    pub fn checks_since(
        &self,
        before: &Clock,
        responded: Option<DateTime<Utc>>,
    ) -> Vec<(Target, DateTime<Utc>)> {
        let mut out = Vec::new();
        if responded.is_none()
            && self.first_response_breached_at.is_none()
            && let Some(d) = self.first_response_due_at
            && before.first_response_due_at != Some(d)
        {
            out.push((Target::FirstResponse, d));
        }
        if self.resolution_breached_at.is_none()
            && let Some(d) = self.resolution_due_at
            && before.resolution_due_at != Some(d)
        {
            out.push((Target::Resolution, d));
        }
        out
    }
}

#[cfg(test)]
mod tests;
