//! People can be erased: the row stays (so counts and lifecycle history hold) with its
//! personal data removed, marked by `erased_at`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("people"))
                .add_column(
                    ColumnDef::new(Alias::new("erased_at"))
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("people"))
                .drop_column(Alias::new("erased_at"))
                .to_owned(),
        )
        .await
    }
}
