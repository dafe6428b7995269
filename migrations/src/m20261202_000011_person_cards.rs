//! A person's card: their emails, phones, tags, consent state and custom values as one
//! JSON text column on the row, so a page of people is one query (decision 0014). The
//! cards of existing rows are filled by the application right after this migration.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("people"))
                .add_column(ColumnDef::new(Alias::new("card")).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("people"))
                .drop_column(Alias::new("card"))
                .to_owned(),
        )
        .await
    }
}
