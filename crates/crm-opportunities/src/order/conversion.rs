//! Converting a won opportunity into an order: the order is the opportunity's person's
//! and company's, names the opportunity, and is by default the opportunity's lines at
//! the prices quoted, or one line of its amount when it has none.

use super::{LineInput, NewOrder, OrderInput, OrderStatus};
use crate::opportunity::{MoneyInput, Opportunity};
use crate::pipeline::StageKind;
use chrono::NaiveDate;
use crm_core::{DomainError, DomainResult};
use uuid::Uuid;

/// What a conversion may say besides the opportunity; every field is optional.
#[derive(Debug, Clone, Default)]
pub struct Conversion {
    pub status: Option<OrderStatus>,
    pub order_date: Option<NaiveDate>,
    pub channel: Option<String>,
    pub code: Option<String>,
    pub price_list_id: Option<Uuid>,
    /// `None`: the opportunity's lines at their quoted prices, or one line of its name
    /// at its amount.
    pub lines: Option<Vec<LineInput>>,
    /// `None`: the currency of the opportunity's amount.
    pub currency: Option<String>,
    pub notes: Option<String>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
}

impl Conversion {
    /// The order `o` becomes, checked: only a won opportunity converts, and one without
    /// an amount needs lines.
    pub fn order_for(self, o: &Opportunity) -> DomainResult<NewOrder> {
        if o.status != StageKind::Won {
            return Err(DomainError::field(
                "status",
                "not_won",
                format!(
                    "only a won opportunity becomes an order; this one is {}",
                    o.status.as_str()
                ),
            ));
        }
        let lines = match (self.lines, o.amount) {
            (Some(given), _) => given,
            (None, _) if !o.lines.is_empty() => o.lines.iter().map(|l| l.quoted()).collect(),
            (None, Some(amount)) => vec![LineInput {
                description: Some(o.name.clone()),
                quantity: "1".into(),
                unit_price: Some(MoneyInput {
                    amount: amount.amount_text(),
                    currency: amount.currency().as_str().into(),
                }),
                ..LineInput::default()
            }],
            (None, None) => {
                return Err(DomainError::field(
                    "lines",
                    "required",
                    "the opportunity has no amount: send the order's lines",
                ));
            }
        };
        let currency = self
            .currency
            .or_else(|| o.amount.map(|a| a.currency().as_str().to_string()));
        OrderInput {
            person_id: o.person_id,
            company_id: o.company_id,
            opportunity_id: Some(o.id),
            status: self.status,
            currency,
            order_date: self.order_date,
            channel: self.channel,
            code: self.code,
            price_list_id: self.price_list_id,
            lines,
            notes: self.notes,
            external_id: self.external_id,
            tags: self.tags,
            custom_fields: Default::default(),
        }
        .validate(&[])
    }
}
