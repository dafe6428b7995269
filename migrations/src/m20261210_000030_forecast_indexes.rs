//! Indexes for forecasts (issue 18 item 6), measured with `make bench-forecast` on
//! 100,000 opportunities: a covering index over the window's close dates with every
//! column a forecast groups and sums (SQLite's grouped read went from 104 to 35 ms: no
//! table lookup per row), replacing `(org_id, status, expected_close_date)`; and
//! `(org_id, closed_at)` for the owners' win rates over what closed in the window (65 to
//! 14 ms: a range instead of every opportunity of the organisation).

use crate::statements::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const T: &str = "opportunities";

fn drop(name: &str) -> IndexDropStatement {
    Index::drop().name(name).table(Alias::new(T)).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            T,
            "ix_opportunities_forecast",
            &[
                "org_id",
                "expected_close_date",
                "status",
                "stage_id",
                "owner_id",
                "pipeline_id",
                "currency",
                "amount_units",
                "deleted_at",
            ],
            false,
        ))
        .await?;
        m.create_index(index(
            T,
            "ix_opportunities_org_closed",
            &["org_id", "closed_at"],
            false,
        ))
        .await?;
        m.drop_index(drop("ix_opportunities_org_close")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            T,
            "ix_opportunities_org_close",
            &["org_id", "status", "expected_close_date"],
            false,
        ))
        .await?;
        m.drop_index(drop("ix_opportunities_org_closed")).await?;
        m.drop_index(drop("ix_opportunities_forecast")).await
    }
}
