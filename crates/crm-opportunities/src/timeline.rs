//! What opportunities put on a customer's timeline: one entry per stage an opportunity
//! of theirs entered (its opening first), titled by the opportunity and the stage.

use crate::pipeline::StageKind;
use crm_records::timeline::EntryKind;

pub const OPPORTUNITY: EntryKind = EntryKind::new(
    "opportunity",
    "An opportunity with the record opened or entered a stage, won and lost included (record_type `opportunity`)",
);

/// Every kind of entry this area puts on timelines.
pub const KINDS: &[EntryKind] = &[OPPORTUNITY];

/// A stage move's entry: `Opportunity opened: Acme renewal` at its creation, else
/// `Opportunity won: Acme renewal`, `Opportunity lost: …` or
/// `Opportunity moved to Proposal: …`.
pub fn title(opened: bool, name: &str, stage: &str, kind: StageKind) -> String {
    match (opened, kind) {
        (true, _) => format!("Opportunity opened: {name}"),
        (false, StageKind::Won) => format!("Opportunity won: {name}"),
        (false, StageKind::Lost) => format!("Opportunity lost: {name}"),
        (false, StageKind::Open) => format!("Opportunity moved to {stage}: {name}"),
    }
}

/// The stage in a few words: `Proposal (open)`.
pub fn detail(stage: &str, kind: StageKind) -> String {
    format!("{stage} ({})", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_says_whether_the_opportunity_opened_moved_or_closed() {
        assert_eq!(
            title(true, "Acme", "Qualification", StageKind::Open),
            "Opportunity opened: Acme"
        );
        assert_eq!(
            title(false, "Acme", "Proposal", StageKind::Open),
            "Opportunity moved to Proposal: Acme"
        );
        assert_eq!(
            title(false, "Acme", "Won", StageKind::Won),
            "Opportunity won: Acme"
        );
        assert_eq!(detail("Won", StageKind::Won), "Won (won)");
    }
}
