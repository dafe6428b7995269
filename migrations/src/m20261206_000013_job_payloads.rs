//! A job may carry a payload, JSON text its kind defines, for what its subject id alone
//! cannot say (the name of a deleted tag, later a reminder's text or a send's options).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn jobs() -> TableAlterStatement {
    Table::alter().table(Alias::new("jobs")).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            jobs()
                .add_column(ColumnDef::new(Alias::new("payload")).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(jobs().drop_column(Alias::new("payload")).to_owned())
            .await
    }
}
