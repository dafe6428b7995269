//! Wire types of forecasts: what is asked and what comes back.

use chrono::NaiveDate;
use crm_opportunities::forecast::{Forecast, GroupBy, OwnerStats, Period, Row};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// How close dates are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodDto {
    Month,
    Quarter,
}
crate::mirror!(PeriodDto, Period, [Month, Quarter]);

/// What each row is per, beside period and currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupByDto {
    Owner,
    Pipeline,
    Stage,
}
crate::mirror!(GroupByDto, GroupBy, [Owner, Pipeline, Stage]);

/// What a forecast covers.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ForecastParams {
    /// `month` or `quarter` of the expected close date.
    pub period: PeriodDto,
    /// `owner`, `pipeline` or `stage`.
    pub group_by: GroupByDto,
    /// The first close date counted (January 1st of this year if absent).
    pub from: Option<NaiveDate>,
    /// The last close date counted, included (December 31st of this year if absent); at
    /// most five years after `from`.
    pub to: Option<NaiveDate>,
    /// Only this pipeline's opportunities.
    pub pipeline_id: Option<Uuid>,
}

/// One period, group and currency of a forecast. Amounts are exact decimal strings.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastRowDto {
    /// `2027-03` by month, `2027-Q1` by quarter.
    #[schema(example = "2027-Q1")]
    pub period: String,
    /// The owner's, pipeline's or stage's id; null for opportunities without an owner.
    pub group: Option<Uuid>,
    /// The ISO 4217 currency of the amounts.
    #[schema(example = "EUR")]
    pub currency: String,
    /// The open opportunities' amounts, summed.
    #[schema(example = "120000.00")]
    pub open: String,
    /// Each open amount times its stage's win probability, summed exactly (up to six
    /// decimal places, never rounded).
    #[schema(example = "48250.00")]
    pub weighted: String,
    /// The won opportunities' amounts, summed.
    #[schema(example = "30000.00")]
    pub won: String,
    /// How many are open.
    pub open_count: i64,
    /// How many were won.
    pub won_count: i64,
    /// How many were lost.
    pub lost_count: i64,
}

impl From<Row> for ForecastRowDto {
    fn from(r: Row) -> Self {
        Self {
            period: r.period,
            group: r.group,
            currency: r.currency.as_str().to_string(),
            open: r.currency.amount_text(r.open),
            weighted: r.currency.amount_text(r.weighted),
            won: r.currency.amount_text(r.won),
            open_count: r.open_count,
            won_count: r.won_count,
            lost_count: r.lost_count,
        }
    }
}

/// An owner's record over the window: what they closed in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerStatsDto {
    /// The owner; null for opportunities without one.
    pub owner_id: Option<Uuid>,
    /// Opportunities won in the window.
    pub won_count: i64,
    /// Opportunities lost in the window.
    pub lost_count: i64,
    /// Won over closed, 0 to 1, to four places.
    #[schema(example = "0.4")]
    pub win_rate: String,
    /// Days from creation to a win, on average, to one place; null without wins.
    #[schema(example = "34.5")]
    pub average_cycle_days: Option<String>,
}

impl From<OwnerStats> for OwnerStatsDto {
    fn from(s: OwnerStats) -> Self {
        Self {
            owner_id: s.owner,
            won_count: s.won_count,
            lost_count: s.lost_count,
            win_rate: s.win_rate.to_string(),
            average_cycle_days: s.average_cycle_days.map(|d| d.to_string()),
        }
    }
}

/// A forecast over a window of expected close dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastDto {
    pub period: PeriodDto,
    pub group_by: GroupByDto,
    /// The first close date counted.
    pub from: NaiveDate,
    /// The last close date counted, included.
    pub to: NaiveDate,
    /// Per period, group and currency, in that order; periods without opportunities
    /// are left out.
    pub rows: Vec<ForecastRowDto>,
    /// Per owner: win rate and average sales cycle of what was won or lost in the
    /// window (by close time).
    pub owners: Vec<OwnerStatsDto>,
}

impl From<Forecast> for ForecastDto {
    fn from(f: Forecast) -> Self {
        Self {
            period: f.query.period.into(),
            group_by: f.query.group_by.into(),
            from: f.query.from,
            to: f.query.to,
            rows: f.rows.into_iter().map(Into::into).collect(),
            owners: f.owners.into_iter().map(Into::into).collect(),
        }
    }
}
