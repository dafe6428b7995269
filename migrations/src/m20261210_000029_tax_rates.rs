//! Tax rates (issue 18 items 3–4): one table per organisation, the percentage of each
//! tax category, kept as JSON text in one row with its version (replaced whole; orders
//! copy the rate onto their lines, so no query sums over it).

use crate::statements::{col, fk};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("tax_rates"))
                .if_not_exists()
                .col(col("org_id").uuid().not_null().primary_key())
                // JSON: [{"category": "standard", "name": "VAT 20%", "rate": "20"}, …]
                .col(col("rates").text().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .foreign_key(&mut fk(
                    "tax_rates",
                    "org_id",
                    "organisations",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("tax_rates")).if_exists().to_owned())
            .await
    }
}
