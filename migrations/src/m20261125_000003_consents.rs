//! The consent ledger: append-only grants and withdrawals per channel and purpose.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

fn fk(column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_consents_{column}"))
        .from(Alias::new("consents"), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("consents"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("person_id").uuid().not_null())
                .col(col("channel").string().not_null())
                .col(col("purpose").string().not_null())
                .col(col("status").string().not_null())
                .col(col("recorded_at").timestamp_with_time_zone().not_null())
                .col(col("source").string().null())
                .col(col("proof").text().null())
                .col(col("actor_kind").string().not_null())
                .col(col("actor_id").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("org_id", "organisations"))
                .foreign_key(&mut fk("person_id", "people"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_consents_person_pair")
                .table(Alias::new("consents"))
                .col(Alias::new("person_id"))
                .col(Alias::new("channel"))
                .col(Alias::new("purpose"))
                .col(Alias::new("recorded_at"))
                .col(Alias::new("id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("consents"))
                .if_exists()
                .to_owned(),
        )
        .await
    }
}
