//! What opportunities and orders put on a customer's timeline: one entry per stage an
//! opportunity of theirs entered (its opening first), titled by the opportunity and the
//! stage, and one per order they placed, titled by its total and status.

use crate::order::OrderStatus;
use crate::pipeline::StageKind;
use crm_records::money::Money;
use crm_records::timeline::EntryKind;

pub const OPPORTUNITY: EntryKind = EntryKind::new(
    "opportunity",
    "An opportunity with the record opened or entered a stage, won and lost included (record_type `opportunity`)",
);

pub const ORDER: EntryKind = EntryKind::new(
    "order",
    "An order of the record's, at the time it was stored (record_type `order`)",
);

/// Every kind of entry this area puts on timelines.
pub const KINDS: &[EntryKind] = &[OPPORTUNITY, ORDER];

/// An order's entry: `Order of 12312.00 EUR (paid)`, with what was refunded if any.
pub fn order_title(total: Money, refunded: Money, status: OrderStatus) -> String {
    let refund = if refunded.amount().is_zero() || status == OrderStatus::Refunded {
        String::new()
    } else {
        format!(", {} refunded", refunded.amount_text())
    };
    format!(
        "Order of {} {} ({}{refund})",
        total.amount_text(),
        total.currency().as_str(),
        status.as_str()
    )
}

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

    #[test]
    fn an_order_entry_says_its_total_status_and_what_was_refunded() {
        let eur = |a: &str| Money::parse(a, "EUR", "m").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            order_title(eur("12312"), eur("0"), OrderStatus::Paid),
            "Order of 12312.00 EUR (paid)"
        );
        assert_eq!(
            order_title(eur("100"), eur("30.5"), OrderStatus::Fulfilled),
            "Order of 100.00 EUR (fulfilled, 30.50 refunded)"
        );
        assert_eq!(
            order_title(eur("100"), eur("100"), OrderStatus::Refunded),
            "Order of 100.00 EUR (refunded)"
        );
    }
}
