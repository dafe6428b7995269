//! What the customers area puts on a person's or company's timeline: lifecycle moves,
//! consent given or withdrawn, and duplicates merged into the record.

use crate::consent::{Channel, ConsentStatus, Purpose};
use crate::lifecycle::LifecycleStage;
use crm_records::timeline::EntryKind;

pub const LIFECYCLE_CHANGE: EntryKind = EntryKind::new(
    "lifecycle_change",
    "The person moved to another lifecycle stage (record_type `person`)",
);
pub const CONSENT: EntryKind = EntryKind::new(
    "consent",
    "Consent for a channel and purpose was given or withdrawn (record_type `person`)",
);
pub const MERGE: EntryKind = EntryKind::new(
    "merge",
    "A duplicate record was merged into this one (record_type the merged record's)",
);

/// Every kind of entry this area puts on timelines.
pub const KINDS: &[EntryKind] = &[LIFECYCLE_CHANGE, CONSENT, MERGE];

/// `Lifecycle stage: lead → customer`, or `Lifecycle stage: lead` for the first.
pub fn stage_title(from: Option<LifecycleStage>, to: LifecycleStage) -> String {
    match from {
        Some(f) => format!("Lifecycle stage: {} → {}", f.as_str(), to.as_str()),
        None => format!("Lifecycle stage: {}", to.as_str()),
    }
}

/// `Consent granted: email for marketing`.
pub fn consent_title(channel: Channel, purpose: Purpose, status: ConsentStatus) -> String {
    format!(
        "Consent {}: {} for {}",
        status.as_str(),
        channel.as_str(),
        purpose.as_str()
    )
}

/// The merged record's entry on the survivor's timeline.
pub const MERGE_TITLE: &str = "A duplicate record was merged into this one";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_say_what_changed_in_one_line() {
        assert_eq!(
            stage_title(Some(LifecycleStage::Lead), LifecycleStage::Customer),
            "Lifecycle stage: lead → customer"
        );
        assert_eq!(
            stage_title(None, LifecycleStage::Lead),
            "Lifecycle stage: lead"
        );
        assert_eq!(
            consent_title(Channel::Email, Purpose::Marketing, ConsentStatus::Withdrawn),
            "Consent withdrawn: email for marketing"
        );
    }
}
