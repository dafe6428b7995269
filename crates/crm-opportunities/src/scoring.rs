//! Lead scoring: rules that give a person points for a condition on their record
//! (fields, custom fields, spend, lifecycle: the people filter tree) or for each event of
//! a kind (an interaction on a channel, a purchase, a page visit), optionally decaying
//! with a half-life; the thresholds whose crossing is a `person.score_changed` event;
//! and a person's score as read, by rule and over time. Jobs keep scores current
//! (`crate::jobs`); this module holds the rules' checks and the arithmetic.

use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::filter::{FieldCatalogue, Filter};
use crm_records::text::{Field, not_null, text};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// The most live rules an organisation may have.
pub const MAX_RULES: u64 = 100;
/// The most points one rule gives (or takes, negative) per match or per event.
pub const MAX_POINTS: i64 = 1000;
/// The longest half-life, in days.
pub const MAX_HALF_LIFE_DAYS: i64 = 3650;
/// The most thresholds an organisation may set.
pub const MAX_THRESHOLDS: usize = 20;
/// The largest threshold, either sign.
pub const MAX_THRESHOLD: i64 = 1_000_000;
/// The longest name of a rule.
pub const MAX_NAME: usize = 100;
/// The longest `url_contains` of a page-visit rule.
pub const MAX_URL_PART: usize = 200;

/// The kinds of event a rule may count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An interaction linked to the person (of one channel, when the rule says).
    Interaction,
    /// A purchase: an order of theirs, paid or fulfilled (refunded ones do not count).
    Order,
    /// A page visit an integration reported for them (whose URL contains a text, when
    /// the rule says).
    PageVisit,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [
        EventKind::Interaction,
        EventKind::Order,
        EventKind::PageVisit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Interaction => "interaction",
            EventKind::Order => "order",
            EventKind::PageVisit => "page_visit",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Which events an event rule counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventTrigger {
    pub kind: EventKind,
    /// For interactions: only those of this channel.
    pub channel: Option<String>,
    /// For page visits: only those whose URL contains this text (ignoring case).
    pub url_contains: Option<String>,
}

/// What a rule gives points for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Being a person this filter tree (over the people catalogue) matches, as its
    /// normalised JSON.
    Condition(Value),
    /// Each event of a kind.
    Event(EventTrigger),
}

/// A stored scoring rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoringRule {
    pub id: Uuid,
    pub name: String,
    pub trigger: Trigger,
    /// Points per match (a condition) or per event; negative ones take points away.
    pub points: i64,
    /// An event's points halve every this many days after it happened.
    pub half_life_days: Option<u32>,
    /// An inactive rule gives no points (its parts are removed), and is kept.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A checked rule, to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewScoringRule {
    pub name: String,
    pub trigger: Trigger,
    pub points: i64,
    pub half_life_days: Option<u32>,
    pub active: bool,
}

/// An event trigger as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    pub kind: EventKind,
    pub channel: Option<String>,
    pub url_contains: Option<String>,
}

/// A rule as sent: every field for a create, a merge-patch for an update.
#[derive(Debug, Clone, Default)]
pub struct ScoringRuleInput {
    pub name: Field<String>,
    pub condition: Field<Value>,
    pub event: Field<EventInput>,
    pub points: Field<i64>,
    pub half_life_days: Field<i64>,
    pub active: Field<bool>,
}

impl ScoringRuleInput {
    /// Checks a rule, over `stored` for a patch: a condition is parsed against
    /// `people` (the people filter catalogue with the organisation's custom fields), so
    /// a rule naming an unknown field is a 422 naming `condition.…`.
    pub fn validate(
        self,
        stored: Option<&ScoringRule>,
        people: &FieldCatalogue,
    ) -> DomainResult<NewScoringRule> {
        let mut e = Errors::new();
        let name = not_null(&mut e, "name", self.name)
            .and_then(|n| text(&mut e, "name", Some(n), MAX_NAME))
            .or_else(|| stored.map(|s| s.name.clone()));
        if name.is_none() {
            e.push("name", "required", "a rule needs a name");
        }
        let trigger = trigger(&mut e, self.condition, self.event, stored, people);
        let points = not_null(&mut e, "points", self.points).or(stored.map(|s| s.points));
        match points {
            None => e.push("points", "required", "a rule needs its points"),
            Some(0) => e.push(
                "points",
                "out_of_range",
                "a rule gives or takes at least 1 point",
            ),
            Some(p) if p.abs() > MAX_POINTS => e.push(
                "points",
                "out_of_range",
                format!("from -{MAX_POINTS} to {MAX_POINTS}"),
            ),
            Some(_) => {}
        }
        let half_life = match self.half_life_days {
            Some(None) => None,
            Some(Some(d)) if !(1..=MAX_HALF_LIFE_DAYS).contains(&d) => {
                e.push(
                    "half_life_days",
                    "out_of_range",
                    format!("from 1 to {MAX_HALF_LIFE_DAYS} days"),
                );
                None
            }
            Some(Some(d)) => u32::try_from(d).ok(),
            // A stored half-life goes with a rule that becomes a condition.
            None if matches!(trigger, Some(Trigger::Condition(_))) => None,
            None => stored.and_then(|s| s.half_life_days),
        };
        if half_life.is_some() && matches!(trigger, Some(Trigger::Condition(_))) {
            e.push(
                "half_life_days",
                "not_applicable",
                "only an event rule's points decay; a condition's hold while it is true",
            );
        }
        let active = not_null(&mut e, "active", self.active)
            .or(stored.map(|s| s.active))
            .unwrap_or(true);
        e.finish(NewScoringRule {
            name: name.unwrap_or_default(),
            trigger: trigger.unwrap_or(Trigger::Condition(Value::Null)),
            points: points.unwrap_or_default(),
            half_life_days: half_life,
            active,
        })
    }
}

/// The rule's trigger: the one sent (a condition or an event, not both), else the
/// stored one.
fn trigger(
    e: &mut Errors,
    condition: Field<Value>,
    event: Field<EventInput>,
    stored: Option<&ScoringRule>,
    people: &FieldCatalogue,
) -> Option<Trigger> {
    match (condition, event) {
        (Some(Some(_)), Some(Some(_))) => {
            e.push(
                "condition",
                "conflict",
                "a rule gives points for a condition or for an event, not both",
            );
            None
        }
        (Some(Some(c)), _) => match Filter::parse(&c, people, "condition") {
            Ok(f) if f.mentions(&|name| name == "score") => {
                e.push(
                    "condition",
                    "circular",
                    "a rule's condition cannot name the score it makes",
                );
                None
            }
            Ok(f) => Some(Trigger::Condition(f.to_json())),
            Err(errors) => {
                e.extend(errors);
                None
            }
        },
        (_, Some(Some(ev))) => event_trigger(e, ev).map(Trigger::Event),
        (c, ev) => {
            let cleared = matches!(c, Some(None)) || matches!(ev, Some(None));
            match stored {
                Some(s) if !cleared => Some(s.trigger.clone()),
                _ => {
                    e.push(
                        "condition",
                        "required",
                        "a rule needs a condition or an event",
                    );
                    None
                }
            }
        }
    }
}

fn event_trigger(e: &mut Errors, ev: EventInput) -> Option<EventTrigger> {
    if ev.channel.is_some() && ev.kind != EventKind::Interaction {
        e.push(
            "event.channel",
            "not_applicable",
            "only an interaction rule names a channel",
        );
    }
    if ev.url_contains.is_some() && ev.kind != EventKind::PageVisit {
        e.push(
            "event.url_contains",
            "not_applicable",
            "only a page-visit rule names a URL part",
        );
    }
    let url = text(e, "event.url_contains", ev.url_contains, MAX_URL_PART);
    Some(EventTrigger {
        kind: ev.kind,
        channel: ev.channel,
        url_contains: url,
    })
}

/// The weight of an event `age_days` old under a half-life: 1 without one (and for an
/// event dated in the future), halving every `half_life` days.
pub fn weight(age_days: f64, half_life: Option<u32>) -> f64 {
    match half_life {
        Some(h) if h > 0 && age_days > 0.0 => 0.5f64.powf(age_days / f64::from(h)),
        _ => 1.0,
    }
}

/// What an event rule gives a person for events at `times`, as of `now`: `points` per
/// event, weighed by [`weight`], summed, then rounded to the nearest whole point (half
/// away from zero). Scores are whole points; only this sum is ever fractional.
pub fn event_points(
    points: i64,
    half_life: Option<u32>,
    now: DateTime<Utc>,
    times: impl IntoIterator<Item = DateTime<Utc>>,
) -> i64 {
    let total: f64 = times
        .into_iter()
        .map(|t| {
            let age = (now - t).num_seconds() as f64 / 86_400.0;
            weight(age, half_life)
        })
        .sum();
    (points as f64 * total).round() as i64
}

/// The organisation's thresholds, ascending and distinct: a score reaching or falling
/// below one is a `person.score_changed` event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Thresholds(pub Vec<i64>);

impl Thresholds {
    /// Checks thresholds as sent: each at most [`MAX_THRESHOLD`] either sign, at most
    /// [`MAX_THRESHOLDS`] of them, none twice; kept ascending.
    pub fn check(values: Vec<i64>) -> DomainResult<Thresholds> {
        let mut e = Errors::new();
        if values.len() > MAX_THRESHOLDS {
            e.push(
                "thresholds",
                "too_many",
                format!("at most {MAX_THRESHOLDS} thresholds"),
            );
        }
        for (i, v) in values.iter().enumerate() {
            if v.abs() > MAX_THRESHOLD {
                e.push(
                    format!("thresholds[{i}]"),
                    "out_of_range",
                    format!("from -{MAX_THRESHOLD} to {MAX_THRESHOLD}"),
                );
            }
            if values[..i].contains(v) {
                e.push(
                    format!("thresholds[{i}]"),
                    "duplicate",
                    "each threshold once",
                );
            }
        }
        let mut sorted = values;
        sorted.sort_unstable();
        e.finish(Thresholds(sorted))
    }

    /// The thresholds a move from `from` to `to` crosses: those one of them reaches and
    /// the other is below.
    pub fn crossed(&self, from: i64, to: i64) -> Vec<i64> {
        self.0
            .iter()
            .copied()
            .filter(|t| (from >= *t) != (to >= *t))
            .collect()
    }
}

/// What one rule gives a person now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScorePart {
    pub rule_id: Uuid,
    pub rule_name: String,
    pub points: i64,
}

/// One change of a person's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreChange {
    pub previous: i64,
    pub score: i64,
    pub changed_at: DateTime<Utc>,
}

/// How many changes a score read shows, newest first.
pub const HISTORY_SHOWN: u64 = 50;

/// A person's score: its total, its parts by rule, and its latest changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonScore {
    pub person_id: Uuid,
    pub score: i64,
    /// When it last changed; `None` for a person never scored.
    pub updated_at: Option<DateTime<Utc>>,
    pub parts: Vec<ScorePart>,
    pub history: Vec<ScoreChange>,
}

/// A page visit as an integration reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPageVisit {
    pub person_id: Uuid,
    pub url: String,
    pub title: Option<String>,
    pub occurred_at: DateTime<Utc>,
}

/// A stored page visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageVisit {
    pub id: Uuid,
    pub person_id: Uuid,
    pub url: String,
    pub title: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// The longest URL of a page visit.
pub const MAX_URL: usize = 2000;
/// The longest title of a page visit.
pub const MAX_TITLE: usize = 300;

impl NewPageVisit {
    /// Checks a visit: an http(s) URL, a title of at most [`MAX_TITLE`] characters, a
    /// time not in the future (a minute of clock skew allowed); `now` when none.
    pub fn check(
        person_id: Uuid,
        url: String,
        title: Option<String>,
        occurred_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> DomainResult<NewPageVisit> {
        let mut e = Errors::new();
        let url = crm_records::text::http_url(&mut e, "url", Some(url), MAX_URL);
        let title = text(&mut e, "title", title, MAX_TITLE);
        let at = occurred_at.unwrap_or(now);
        if at > now + chrono::Duration::minutes(1) {
            e.push(
                "occurred_at",
                "in_future",
                "a visit cannot be in the future",
            );
        }
        e.finish(NewPageVisit {
            person_id,
            url: url.unwrap_or_default(),
            title,
            occurred_at: at,
        })
    }
}

#[cfg(test)]
mod tests;
