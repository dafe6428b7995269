//! What a customer spent: their purchases (orders `paid` or `fulfilled`; pending,
//! cancelled and wholly refunded ones are not purchases) summed exactly per currency,
//! net of refunds, with how many, the first and last, the average days between them,
//! and the products bought. The summary one line of search reads (`spend.total`,
//! `orders.last_at`…) is in the currency of their latest purchase.

use chrono::NaiveDate;
use crm_records::money::Money;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

/// A customer's purchases in one currency, as the store sums them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrencySpend {
    /// Σ (total − refunded) of the purchases, exact.
    pub spent: Money,
    pub order_count: i64,
    pub first_order_date: NaiveDate,
    pub last_order_date: NaiveDate,
}

impl CurrencySpend {
    /// Average days between consecutive purchases: the span from the first to the
    /// last over the gaps between them, to two places; none for a single purchase.
    pub fn average_days_between_orders(&self) -> Option<Decimal> {
        (self.order_count > 1).then(|| {
            let days = (self.last_order_date - self.first_order_date).num_days();
            (Decimal::from(days) / Decimal::from(self.order_count - 1)).round_dp(2)
        })
    }
}

/// One product a customer bought, over all their purchases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductBought {
    pub product_id: Uuid,
    /// The SKU on their latest purchase of it.
    pub sku: Option<String>,
    /// How many, summed exactly over the lines.
    pub quantity: Decimal,
    /// In how many purchases.
    pub order_count: i64,
    pub last_order_date: NaiveDate,
}

/// A customer's purchase history in figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spend {
    /// Per currency, ordered by code.
    pub currencies: Vec<CurrencySpend>,
    /// Most bought first (by purchases, then quantity).
    pub products: Vec<ProductBought>,
}

/// The one line per customer that people search filters and sorts by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The currency of the latest purchase (of the larger spend on a tie), and what was
    /// spent in it.
    pub spent: Money,
    /// Purchases in every currency.
    pub order_count: i64,
    pub first_order_date: NaiveDate,
    pub last_order_date: NaiveDate,
}

/// The summary of per-currency spends; `None` without a purchase.
pub fn summarise(currencies: &[CurrencySpend]) -> Option<Summary> {
    let main = currencies.iter().max_by(|a, b| {
        a.last_order_date
            .cmp(&b.last_order_date)
            .then(a.spent.amount().cmp(&b.spent.amount()))
            .then(b.spent.currency().cmp(&a.spent.currency()))
    })?;
    Some(Summary {
        spent: main.spent,
        order_count: currencies.iter().map(|c| c.order_count).sum(),
        first_order_date: currencies.iter().map(|c| c.first_order_date).min()?,
        last_order_date: main.last_order_date,
    })
}

impl Summary {
    /// The summary after new purchases `added` (per currency), when that is exact
    /// without the customer's past orders: every one is in the summary's currency, so
    /// its currency stays the latest purchase's (a later purchase in it keeps it; an
    /// earlier one changes no date; more spent in it wins any tie). `None` when one is
    /// in another currency: recompute from the orders.
    pub fn with_added(&self, added: &[CurrencySpend]) -> Option<Summary> {
        let currency = self.spent.currency();
        if added.iter().any(|a| a.spent.currency() != currency) {
            return None;
        }
        let mut out = self.clone();
        for a in added {
            out.spent =
                Money::new(out.spent.amount() + a.spent.amount(), currency, "spent").ok()?;
            out.order_count += a.order_count;
            out.first_order_date = out.first_order_date.min(a.first_order_date);
            out.last_order_date = out.last_order_date.max(a.last_order_date);
        }
        Some(out)
    }
}

/// The statuses whose orders are purchases.
pub const PURCHASES: [crate::order::OrderStatus; 2] = [
    crate::order::OrderStatus::Paid,
    crate::order::OrderStatus::Fulfilled,
];

/// Whose purchases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Customer {
    Person(crm_core::ids::PersonId),
    Company(crm_core::ids::CompanyId),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_records::money::Currency;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap_or_default()
    }

    fn row(code: &str, units: i64, n: i64, first: NaiveDate, last: NaiveDate) -> CurrencySpend {
        CurrencySpend {
            spent: Money::from_units(
                units,
                Currency::parse(code).unwrap_or_else(|| panic!("{code}")),
            ),
            order_count: n,
            first_order_date: first,
            last_order_date: last,
        }
    }

    #[test]
    fn the_summary_is_in_the_currency_of_the_latest_purchase_and_counts_every_currency() {
        let eur = row("EUR", 1_000_000, 3, day(1, 1), day(3, 1));
        let usd = row("USD", 50_000, 1, day(3, 15), day(3, 15));
        let s = summarise(&[eur.clone(), usd.clone()]).unwrap_or_else(|| panic!("a summary"));
        assert_eq!(s.spent, usd.spent);
        assert_eq!(s.order_count, 4);
        assert_eq!(
            (s.first_order_date, s.last_order_date),
            (day(1, 1), day(3, 15))
        );
        assert_eq!(summarise(&[]), None);
    }

    #[test]
    fn purchases_in_the_summarys_currency_are_added_and_others_ask_for_a_recount() {
        let eur = row("EUR", 1_000_000, 3, day(1, 1), day(3, 1));
        let usd = row("USD", 50_000, 1, day(3, 15), day(3, 15));
        let before = summarise(&[eur.clone(), usd.clone()]).unwrap_or_else(|| panic!("a summary"));
        // Two more USD purchases, one earlier than the first purchase.
        let more = row("USD", 20_000, 2, day(1, 1), day(4, 2));
        let after = before.with_added(std::slice::from_ref(&more));
        let recounted = summarise(&[eur.clone(), row("USD", 70_000, 3, day(1, 1), day(4, 2))]);
        assert_eq!(after, recounted);
        assert_eq!(
            after.map(|s| (s.order_count, s.first_order_date)),
            Some((6, day(1, 1)))
        );
        // A EUR purchase after the latest USD one would change the summary's currency.
        assert_eq!(before.with_added(&[eur, more]), None);
    }

    #[test]
    fn the_average_gap_is_the_span_over_the_gaps_between_purchases() {
        // 1 January to 1 March 2027 is 59 days; three purchases, two gaps.
        let eur = row("EUR", 1, 3, day(1, 1), day(3, 1));
        assert_eq!(
            eur.average_days_between_orders(),
            Some(Decimal::new(2950, 2))
        );
        let once = row("EUR", 1, 1, day(1, 1), day(1, 1));
        assert_eq!(once.average_days_between_orders(), None);
    }
}
