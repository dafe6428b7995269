//! The email the server sends, as a queue: one row a message (its key unique, so a
//! message is queued once), its attempts, and the lease of the worker sending it.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = "email_messages";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("idempotency_key").string_len(200).not_null())
                .col(col("to_address").text().not_null())
                .col(col("subject").text().not_null())
                .col(col("body_text").text().not_null())
                // `pending`, `succeeded`, `failed`.
                .col(col("status").string_len(20).not_null())
                .col(col("attempts").integer().not_null())
                .col(col("next_attempt_at").timestamp_with_time_zone().null())
                .col(col("last_attempt_at").timestamp_with_time_zone().null())
                .col(col("last_error").text().null())
                .col(col("lease_by").string_len(100).null())
                .col(col("lease_until").timestamp_with_time_zone().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk(t, "org_id", "organisations", ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(t, "ux_email_messages_key", &["org_id", "idempotency_key"], true))
            .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX IF NOT EXISTS ix_email_messages_due ON email_messages \
                 (next_attempt_at) WHERE status = 'pending'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("email_messages")).if_exists().to_owned())
            .await
    }
}
