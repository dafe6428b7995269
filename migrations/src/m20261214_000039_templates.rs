//! Message templates: an email's subject, text and HTML, or an SMS body, with
//! placeholders checked when saved.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = "templates";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("name").string_len(200).not_null())
                // `email`, `sms`.
                .col(col("channel").string_len(10).not_null())
                .col(col("subject").string_len(200).null())
                .col(col("body_text").text().not_null())
                .col(col("body_html").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk(t, "org_id", "organisations", ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(t, "ix_templates_org", &["org_id", "id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("templates")).if_exists().to_owned())
            .await
    }
}
