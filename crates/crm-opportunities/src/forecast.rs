//! Forecasts: per period of expected close date, per currency and per owner, pipeline or
//! stage, the open amount, the open amount weighted by each stage's win probability and
//! the won amount, all exact (integer sums of stored ten-thousandths, never a float);
//! and per owner the win rate and average sales cycle of what closed in the window.

use chrono::{Datelike, NaiveDate};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_records::money::{Currency, SCALE};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The longest window one forecast covers: five years.
pub const MAX_DAYS: i64 = 5 * 366;

/// How close dates are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Quarter,
}

/// What each row is per, beside period and currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Owner,
    Pipeline,
    Stage,
}

/// A checked forecast request: close dates from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastQuery {
    pub period: Period,
    pub group_by: GroupBy,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub pipeline_id: Option<Uuid>,
}

/// A forecast request as given; absent dates cover the calendar year of `today`.
#[derive(Debug, Clone, Copy)]
pub struct ForecastInput {
    pub period: Period,
    pub group_by: GroupBy,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub pipeline_id: Option<Uuid>,
}

impl ForecastInput {
    /// Checks the window: `to` on or after `from`, at most five years.
    pub fn validate(self, today: NaiveDate) -> DomainResult<ForecastQuery> {
        let mut e = Errors::new();
        let year = today.year();
        let from = self
            .from
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today));
        let to = self
            .to
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today));
        if to < from {
            e.push(
                "to",
                "before_start",
                "the last day comes on or after `from`",
            );
        } else if (to - from).num_days() > MAX_DAYS {
            e.push("to", "out_of_range", "a forecast covers at most five years");
        }
        e.finish(ForecastQuery {
            period: self.period,
            group_by: self.group_by,
            from,
            to,
            pipeline_id: self.pipeline_id,
        })
    }
}

/// Where an opportunity stands, as the store groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Open,
    Won,
    Lost,
}

/// One group of opportunities as the store sums them: a month of close dates, a group,
/// a currency, a standing and a stage probability, with the sum of their amounts in
/// ten-thousandths and their count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// `YYYY-MM`.
    pub month: String,
    pub group: Option<Uuid>,
    pub currency: Currency,
    pub standing: Standing,
    pub probability: i64,
    pub units: i64,
    pub count: i64,
}

/// One row of a forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// `2027-03` or `2027-Q1`.
    pub period: String,
    /// The owner, pipeline or stage; `None` for opportunities without an owner.
    pub group: Option<Uuid>,
    pub currency: Currency,
    pub open: Decimal,
    /// Each open amount times its stage's probability, exact (up to six places).
    pub weighted: Decimal,
    pub won: Decimal,
    pub open_count: i64,
    pub won_count: i64,
    pub lost_count: i64,
}

/// The period a `YYYY-MM` month falls in.
fn period_of(month: &str, period: Period) -> String {
    match period {
        Period::Month => month.to_string(),
        Period::Quarter => {
            let (year, m) = month.split_once('-').unwrap_or((month, "01"));
            let q = (m.parse::<u32>().unwrap_or(1).clamp(1, 12) - 1) / 3 + 1;
            format!("{year}-Q{q}")
        }
    }
}

/// Sums the store's cells into rows, ordered by period, group and currency. Integer
/// arithmetic throughout: amounts in ten-thousandths, weighted ones in millionths.
pub fn rows(cells: Vec<Cell>, period: Period) -> Vec<Row> {
    #[derive(Default)]
    struct Sum {
        open: i128,
        weighted: i128,
        won: i128,
        open_count: i64,
        won_count: i64,
        lost_count: i64,
    }
    let mut by: BTreeMap<(String, Option<Uuid>, Currency), Sum> = BTreeMap::new();
    for c in cells {
        let s = by
            .entry((period_of(&c.month, period), c.group, c.currency))
            .or_default();
        let units = i128::from(c.units);
        match c.standing {
            Standing::Open => {
                s.open += units;
                s.weighted += units * i128::from(c.probability);
                s.open_count += c.count;
            }
            Standing::Won => {
                s.won += units;
                s.won_count += c.count;
            }
            Standing::Lost => s.lost_count += c.count,
        }
    }
    let exact =
        |v: i128, scale: u32| Decimal::try_from_i128_with_scale(v, scale).unwrap_or_default();
    by.into_iter()
        .map(|((period, group, currency), s)| Row {
            period,
            group,
            currency,
            open: exact(s.open, SCALE),
            weighted: exact(s.weighted, SCALE + 2).normalize(),
            won: exact(s.won, SCALE),
            open_count: s.open_count,
            won_count: s.won_count,
            lost_count: s.lost_count,
        })
        .collect()
}

/// A forecast: its window, its rows and each owner's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub query: ForecastQuery,
    pub rows: Vec<Row>,
    pub owners: Vec<OwnerStats>,
}

/// What closed in the window for one owner, as the store sums it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerCell {
    pub owner: Option<Uuid>,
    pub won: bool,
    pub count: i64,
    /// Seconds from creation to close, summed.
    pub cycle_seconds: i64,
}

/// An owner's record over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerStats {
    pub owner: Option<Uuid>,
    pub won_count: i64,
    pub lost_count: i64,
    /// Won over closed, 0 to 1, to four places.
    pub win_rate: Decimal,
    /// Days from creation to a win, on average, to one place; `None` without wins.
    pub average_cycle_days: Option<Decimal>,
}

/// Each owner's win rate and average sales cycle, ordered by owner.
pub fn owner_stats(cells: Vec<OwnerCell>) -> Vec<OwnerStats> {
    let mut by: BTreeMap<Option<Uuid>, (i64, i64, i64)> = BTreeMap::new();
    for c in cells {
        let s = by.entry(c.owner).or_default();
        if c.won {
            s.0 += c.count;
            s.2 += c.cycle_seconds;
        } else {
            s.1 += c.count;
        }
    }
    by.into_iter()
        .map(|(owner, (won, lost, seconds))| {
            let closed = won + lost;
            let win_rate = if closed == 0 {
                Decimal::ZERO
            } else {
                (Decimal::from(won) / Decimal::from(closed))
                    .round_dp(4)
                    .normalize()
            };
            let average_cycle_days = (won > 0).then(|| {
                (Decimal::from(seconds) / Decimal::from(won) / Decimal::from(86_400))
                    .round_dp(1)
                    .normalize()
            });
            OwnerStats {
                owner,
                won_count: won,
                lost_count: lost,
                win_rate,
                average_cycle_days,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap_or_else(|| panic!("EUR"))
    }

    fn cell(month: &str, standing: Standing, probability: i64, units: i64) -> Cell {
        Cell {
            month: month.into(),
            group: None,
            currency: eur(),
            standing,
            probability,
            units,
            count: 1,
        }
    }

    #[test]
    fn weighted_amounts_are_exact_and_months_fold_into_quarters() {
        // 0.10 at 25% and 0.20 at 75%: 0.025 + 0.15 = 0.175, no float anywhere.
        let cells = vec![
            cell("2027-01", Standing::Open, 25, 1_000),
            cell("2027-03", Standing::Open, 75, 2_000),
            cell("2027-02", Standing::Won, 100, 12_345_600),
            cell("2027-04", Standing::Lost, 0, 5_000),
        ];
        let q = rows(cells.clone(), Period::Quarter);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].period, "2027-Q1");
        assert_eq!(q[0].open.to_string(), "0.3000");
        assert_eq!(q[0].weighted.to_string(), "0.175");
        assert_eq!(q[0].won.to_string(), "1234.5600");
        assert_eq!((q[0].open_count, q[0].won_count), (2, 1));
        assert_eq!((q[1].period.as_str(), q[1].lost_count), ("2027-Q2", 1));
        assert_eq!(rows(cells, Period::Month).len(), 4);
    }

    #[test]
    fn a_window_runs_forwards_and_covers_the_year_when_not_given() {
        let today = NaiveDate::from_ymd_opt(2027, 5, 6).unwrap_or_default();
        let q = ForecastInput {
            period: Period::Month,
            group_by: GroupBy::Owner,
            from: None,
            to: None,
            pipeline_id: None,
        };
        let ok = q.validate(today).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (ok.from.to_string(), ok.to.to_string()),
            ("2027-01-01".into(), "2027-12-31".into())
        );
        let backwards = ForecastInput {
            from: NaiveDate::from_ymd_opt(2027, 2, 1),
            to: NaiveDate::from_ymd_opt(2027, 1, 1),
            ..q
        };
        assert!(backwards.validate(today).is_err());
    }

    #[test]
    fn an_owner_wins_half_in_ten_days_on_average() {
        let stats = owner_stats(vec![
            OwnerCell {
                owner: None,
                won: true,
                count: 2,
                cycle_seconds: 20 * 86_400,
            },
            OwnerCell {
                owner: None,
                won: false,
                count: 2,
                cycle_seconds: 0,
            },
        ]);
        assert_eq!(stats[0].win_rate.to_string(), "0.5");
        assert_eq!(
            stats[0]
                .average_cycle_days
                .map(|d| d.to_string())
                .as_deref(),
            Some("10")
        );
    }
}
