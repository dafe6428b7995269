//! The sums forecasts are made of: one grouped query each over the organisation's live
//! opportunities, summing stored ten-thousandths as integers on both databases (the
//! index `(org_id, status, expected_close_date)` serves the window).

use super::common::stored;
use crate::db::Db;
use crate::entities::{opportunity, pipeline_stage};
use crate::error::{Result, port};
use crate::record::scoped;
use async_trait::async_trait;
use chrono::{Days, NaiveTime};
use crm_core::{Actor, DomainResult};
use crm_opportunities::forecast::{Cell, ForecastQuery, GroupBy, OwnerCell, Standing};
use crm_opportunities::pipeline::StageKind;
use crm_opportunities::ports::ForecastSource;
use crm_records::money::Currency;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, JoinType, QueryFilter, QuerySelect, Select};
use uuid::Uuid;

pub(crate) struct Forecasts(pub Db);

fn standing(status: &str) -> Result<Standing> {
    Ok(match stored("status", status, StageKind::parse)? {
        StageKind::Open => Standing::Open,
        StageKind::Won => Standing::Won,
        StageKind::Lost => Standing::Lost,
    })
}

/// The live opportunities of the window's pipeline (all when none is named).
fn live(actor: &Actor, q: &ForecastQuery) -> Select<opportunity::Entity> {
    use opportunity::Column as C;
    let mut s = scoped::<opportunity::Entity>(actor).filter(C::DeletedAt.is_null());
    if let Some(p) = q.pipeline_id {
        s = s.filter(C::PipelineId.eq(p));
    }
    s
}

#[async_trait]
impl ForecastSource for Forecasts {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn cells(&self, actor: &Actor, q: &ForecastQuery) -> DomainResult<Vec<Cell>> {
        use opportunity::Column as C;
        port(async {
            let c = &self.0.conn;
            let month = match c.get_database_backend() {
                DbBackend::Postgres => "to_char(opportunities.expected_close_date, 'YYYY-MM')",
                _ => "substr(opportunities.expected_close_date, 1, 7)",
            };
            let group = match q.group_by {
                GroupBy::Owner => C::OwnerId,
                GroupBy::Pipeline => C::PipelineId,
                GroupBy::Stage => C::StageId,
            };
            let to_stage = opportunity::Entity::belongs_to(pipeline_stage::Entity)
                .from(C::StageId)
                .to(pipeline_stage::Column::Id)
                .into();
            let probability =
                Expr::col((pipeline_stage::Entity, pipeline_stage::Column::Probability));
            let rows: Vec<(String, Option<Uuid>, String, String, i32, i64, i64)> = live(actor, q)
                .join(JoinType::InnerJoin, to_stage)
                .filter(C::AmountUnits.is_not_null())
                .filter(C::ExpectedCloseDate.gte(q.from))
                .filter(C::ExpectedCloseDate.lte(q.to))
                .select_only()
                .expr_as(Expr::cust(month), "month")
                .column_as(group, "grp")
                .column_as(C::Currency, "currency")
                .column_as(C::Status, "status")
                .expr_as(probability.clone(), "probability")
                .expr_as(
                    Expr::cust("CAST(SUM(opportunities.amount_units) AS BIGINT)"),
                    "units",
                )
                .expr_as(Expr::cust("COUNT(*)"), "n")
                .group_by(Expr::cust(month))
                .group_by(group)
                .group_by(C::Currency)
                .group_by(C::Status)
                .group_by(probability)
                .into_tuple()
                .all(c)
                .await?;
            rows.into_iter()
                .map(
                    |(month, group, currency, status, probability, units, count)| {
                        Ok(Cell {
                            month,
                            group,
                            currency: stored("currency", &currency, Currency::parse)?,
                            standing: standing(&status)?,
                            probability: i64::from(probability),
                            units,
                            count,
                        })
                    },
                )
                .collect()
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn owner_cells(&self, actor: &Actor, q: &ForecastQuery) -> DomainResult<Vec<OwnerCell>> {
        use opportunity::Column as C;
        port(async {
            let c = &self.0.conn;
            let cycle = match c.get_database_backend() {
                DbBackend::Postgres => {
                    "CAST(SUM(EXTRACT(EPOCH FROM (opportunities.closed_at - opportunities.created_at))) AS BIGINT)"
                }
                _ => {
                    "CAST(SUM(CAST(strftime('%s', opportunities.closed_at) AS INTEGER) \
                     - CAST(strftime('%s', opportunities.created_at) AS INTEGER)) AS BIGINT)"
                }
            };
            let start = q.from.and_time(NaiveTime::MIN).and_utc();
            let end = q
                .to
                .checked_add_days(Days::new(1))
                .unwrap_or(q.to)
                .and_time(NaiveTime::MIN)
                .and_utc();
            let rows: Vec<(Option<Uuid>, String, i64, Option<i64>)> = live(actor, q)
                .filter(C::Status.is_in([StageKind::Won.as_str(), StageKind::Lost.as_str()]))
                .filter(C::ClosedAt.gte(start))
                .filter(C::ClosedAt.lt(end))
                .select_only()
                .column_as(C::OwnerId, "owner")
                .column_as(C::Status, "status")
                .expr_as(Expr::cust("COUNT(*)"), "n")
                .expr_as(Expr::cust(cycle), "cycle")
                .group_by(C::OwnerId)
                .group_by(C::Status)
                .into_tuple()
                .all(c)
                .await?;
            rows.into_iter()
                .map(|(owner, status, count, cycle)| {
                    Ok(OwnerCell {
                        owner,
                        won: standing(&status)? == Standing::Won,
                        count,
                        cycle_seconds: cycle.unwrap_or(0),
                    })
                })
                .collect()
        })
        .await
    }
}
