//! Lifecycle stages and the moves between them that the domain allows.

use serde::{Deserialize, Serialize};

/// Where a person stands in the relationship, from first contact to loyal customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    Subscriber,
    Lead,
    MarketingQualified,
    SalesQualified,
    Opportunity,
    Customer,
    Evangelist,
    Churned,
    Other,
}

impl LifecycleStage {
    pub const ALL: [LifecycleStage; 9] = [
        LifecycleStage::Subscriber,
        LifecycleStage::Lead,
        LifecycleStage::MarketingQualified,
        LifecycleStage::SalesQualified,
        LifecycleStage::Opportunity,
        LifecycleStage::Customer,
        LifecycleStage::Evangelist,
        LifecycleStage::Churned,
        LifecycleStage::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStage::Subscriber => "subscriber",
            LifecycleStage::Lead => "lead",
            LifecycleStage::MarketingQualified => "marketing_qualified",
            LifecycleStage::SalesQualified => "sales_qualified",
            LifecycleStage::Opportunity => "opportunity",
            LifecycleStage::Customer => "customer",
            LifecycleStage::Evangelist => "evangelist",
            LifecycleStage::Churned => "churned",
            LifecycleStage::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<LifecycleStage> {
        LifecycleStage::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The position on the funnel, for the stages that form one.
    fn rank(self) -> Option<u8> {
        match self {
            LifecycleStage::Subscriber => Some(0),
            LifecycleStage::Lead => Some(1),
            LifecycleStage::MarketingQualified => Some(2),
            LifecycleStage::SalesQualified => Some(3),
            LifecycleStage::Opportunity => Some(4),
            LifecycleStage::Customer => Some(5),
            LifecycleStage::Evangelist => Some(6),
            LifecycleStage::Churned | LifecycleStage::Other => None,
        }
    }

    /// Whether a person may move from `self` to `to`:
    /// - forward along the funnel, skipping stages if need be, never back down it
    ///   (a customer does not become a lead again by editing a field);
    /// - a customer or evangelist may churn; a churned person may come back as a lead,
    ///   an opportunity or a customer (win-back);
    /// - anyone may be set aside as `other`, and `other` may move anywhere.
    pub fn can_move_to(self, to: LifecycleStage) -> bool {
        use LifecycleStage::*;
        if self == to || to == Other || self == Other {
            return true;
        }
        match (self, to) {
            (Customer | Evangelist, Churned) => true,
            (Churned, Lead | Opportunity | Customer) => true,
            (Churned, _) | (_, Churned) => false,
            _ => matches!((self.rank(), to.rank()), (Some(a), Some(b)) if b > a),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LifecycleStage::*;

    #[test]
    fn the_funnel_moves_forward_and_never_back() {
        assert!(Lead.can_move_to(Customer));
        assert!(Subscriber.can_move_to(Lead));
        assert!(!Customer.can_move_to(Lead));
        assert!(!SalesQualified.can_move_to(MarketingQualified));
    }

    #[test]
    fn only_customers_churn_and_churned_people_can_be_won_back() {
        assert!(Customer.can_move_to(Churned));
        assert!(Evangelist.can_move_to(Churned));
        assert!(!Lead.can_move_to(Churned));
        assert!(Churned.can_move_to(Customer));
        assert!(Churned.can_move_to(Lead));
        assert!(!Churned.can_move_to(Evangelist));
    }

    #[test]
    fn other_is_reachable_from_everywhere_and_leads_everywhere() {
        for s in LifecycleStage::ALL {
            assert!(s.can_move_to(Other), "{s:?}");
            assert!(Other.can_move_to(s), "{s:?}");
            assert!(s.can_move_to(s), "staying put is always allowed");
        }
    }

    #[test]
    fn every_stage_round_trips_through_its_name() {
        for s in LifecycleStage::ALL {
            assert_eq!(LifecycleStage::parse(s.as_str()), Some(s));
        }
    }
}
