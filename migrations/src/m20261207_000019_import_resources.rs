//! Imports of any resource: each import names the resource its rows write (every
//! import before this one imported people).

use crate::statements::col;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("imports"))
                .add_column(col("resource").string().not_null().default("people"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("imports"))
                .drop_column(Alias::new("resource"))
                .to_owned(),
        )
        .await
    }
}
