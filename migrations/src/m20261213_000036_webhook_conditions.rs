//! A webhook endpoint's condition on the events it receives: a filter tree over the
//! event, as JSON text; null sends every event of its types.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("webhook_endpoints"))
                .add_column(ColumnDef::new(Alias::new("condition")).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("webhook_endpoints"))
                .drop_column(Alias::new("condition"))
                .to_owned(),
        )
        .await
    }
}
