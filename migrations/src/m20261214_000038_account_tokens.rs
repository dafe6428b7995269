//! Single-use links the server emails to staff: an invitation to set a first password,
//! a password reset. Only a digest of each link's secret is stored; a link is spent by
//! stamping `used_at`.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = "account_tokens";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                // `invitation`, `password_reset`.
                .col(col("purpose").string_len(20).not_null())
                .col(col("token_digest").string_len(64).not_null())
                .col(col("expires_at").timestamp_with_time_zone().not_null())
                .col(col("used_at").timestamp_with_time_zone().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk(t, "org_id", "organisations", ForeignKeyAction::Cascade))
                .foreign_key(&mut fk(t, "user_id", "users", ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(t, "ux_account_tokens_digest", &["token_digest"], true))
            .await?;
        m.create_index(index(t, "ix_account_tokens_user", &["user_id", "purpose"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("account_tokens")).if_exists().to_owned())
            .await
    }
}
