//! A person's lifecycle history by index in time order: the timeline and
//! `GET /v1/people/{id}/lifecycle` ask for one person's moves newest first, which
//! `(person_id, id)` could only find and then sort, so SQLite chose to walk the whole
//! organisation's `(org_id, to_stage, changed_at)` index instead (EXPLAIN QUERY PLAN,
//! stop 27). `(org_id, person_id, changed_at, id)` serves both the filter and the order
//! and replaces `(person_id, id)`: every read of the table names the organisation.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_lifecycle_person_changed \
             ON lifecycle_changes (org_id, person_id, changed_at, id)",
        )
        .await?;
        c.execute_unprepared("DROP INDEX IF EXISTS ix_lifecycle_person")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_lifecycle_person ON lifecycle_changes (person_id, id)",
        )
        .await?;
        c.execute_unprepared("DROP INDEX IF EXISTS ix_lifecycle_person_changed")
            .await?;
        Ok(())
    }
}
