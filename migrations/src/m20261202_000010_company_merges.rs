//! Companies merged into another keep a pointer to the survivor, as people do.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("companies"))
                .add_column(ColumnDef::new(Alias::new("merged_into")).uuid().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("companies"))
                .drop_column(Alias::new("merged_into"))
                .to_owned(),
        )
        .await
    }
}
