//! An opportunity's proposed lines (issue 18 item 2): priced as an order's and kept as
//! JSON on the opportunity (nothing sums over them in SQL; the opportunity's amount is
//! their net total, stored as before), copied onto the order it converts to.

use crate::statements::col;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("opportunities"))
                .add_column(col("lines").text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("opportunities"))
                .drop_column(Alias::new("lines"))
                .to_owned(),
        )
        .await
    }
}
