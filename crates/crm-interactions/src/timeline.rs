//! What interactions put on a customer's timeline: one entry per interaction, titled
//! by its channel, direction and subject, with its outcome as the detail.

use crate::interaction::{Channel, Direction};
use crate::task::TaskStatus;
use chrono::{DateTime, SecondsFormat, Utc};
use crm_records::timeline::EntryKind;

pub const INTERACTION: EntryKind = EntryKind::new(
    "interaction",
    "A touch on any channel (record_type `interaction`)",
);

pub const TASK: EntryKind = EntryKind::new(
    "task",
    "A task about the record was created, at its creation (record_type `task`)",
);

pub const CASE: EntryKind = EntryKind::new(
    "case",
    "A service case about the record was opened, at its opening (record_type `case`)",
);

/// Every kind of entry this area puts on timelines.
pub const KINDS: &[EntryKind] = &[INTERACTION, TASK, CASE];

/// A case's entry: `Case CASE-000123: Invoice is wrong`, with its status as the detail.
pub fn case_title(number: i64, subject: &str) -> String {
    format!("Case {}: {subject}", crate::case::reference(number))
}

/// A task's entry: `Task: Send the quote`, with its state as the detail
/// (`open, due 2030-01-11T08:00:00Z`, `done`).
pub fn task_title(title: &str) -> String {
    format!("Task: {title}")
}

/// A task's state in a few words.
pub fn task_detail(status: TaskStatus, due: Option<DateTime<Utc>>) -> String {
    match (status, due) {
        (TaskStatus::Open, Some(d)) => {
            format!("open, due {}", d.to_rfc3339_opts(SecondsFormat::Secs, true))
        }
        (s, _) => s.as_str().to_string(),
    }
}

/// The entry's title: `Call (outbound): Renewal`, `Note`, `Social (inbound)`…
pub fn title(channel: Channel, direction: Option<Direction>, subject: Option<&str>) -> String {
    let mut name = channel.as_str().replace('_', " ");
    if let Some(first) = name.get(..1) {
        name = first.to_uppercase() + name.get(1..).unwrap_or_default();
    }
    if let Some(d) = direction {
        name = format!("{name} ({})", d.as_str());
    }
    match subject {
        Some(s) => format!("{name}: {s}"),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_says_the_channel_the_direction_and_the_subject() {
        let t = title(Channel::Call, Some(Direction::Outbound), Some("Renewal"));
        assert_eq!(t, "Call (outbound): Renewal");
        assert_eq!(title(Channel::Note, None, None), "Note");
        let due = chrono::DateTime::parse_from_rfc3339("2030-01-11T08:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .ok();
        assert_eq!(
            task_detail(TaskStatus::Open, due),
            "open, due 2030-01-11T08:00:00Z"
        );
        assert_eq!(task_detail(TaskStatus::Done, due), "done");
        assert_eq!(
            title(Channel::SiteVisit, Some(Direction::Inbound), None),
            "Site visit (inbound)"
        );
    }
}
