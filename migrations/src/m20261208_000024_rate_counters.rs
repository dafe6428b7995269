//! Rate-limit and sign-in counters every replica shares, and that outlive a restart
//! (issue 15 item 3, decision 0043): one row per bucket and fixed window, its hits added
//! by each replica's flush (`hits = hits + delta`) or, for sign-in, by each attempt.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS rate_counters ( \
               bucket VARCHAR NOT NULL, \
               window_start BIGINT NOT NULL, \
               hits BIGINT NOT NULL, \
               expires_at BIGINT NOT NULL, \
               PRIMARY KEY (bucket, window_start))",
        )
        .await?;
        c.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_rate_counters_expires ON rate_counters (expires_at)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS rate_counters")
            .await?;
        Ok(())
    }
}
