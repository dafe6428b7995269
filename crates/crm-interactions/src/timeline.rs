//! What interactions put on a customer's timeline: one entry per interaction, titled
//! by its channel, direction and subject, with its outcome as the detail.

use crate::interaction::{Channel, Direction};
use crm_records::timeline::EntryKind;

pub const INTERACTION: EntryKind = EntryKind::new(
    "interaction",
    "A touch on any channel (record_type `interaction`)",
);

/// Every kind of entry this area puts on timelines.
pub const KINDS: &[EntryKind] = &[INTERACTION];

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
        assert_eq!(
            title(Channel::SiteVisit, Some(Direction::Inbound), None),
            "Site visit (inbound)"
        );
    }
}
