//! The records merged into a person or company, found by index: a timeline, a merge
//! and a redirect look them up by `merged_into`, which was read by scanning all of the
//! organisation's rows. Partial, so the index holds only merged records.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["people", "companies"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES {
            m.get_connection()
                .execute_unprepared(&format!(
                    "CREATE INDEX IF NOT EXISTS ix_{t}_org_merged_into ON {t} (org_id, merged_into) \
                     WHERE merged_into IS NOT NULL"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES {
            m.get_connection()
                .execute_unprepared(&format!("DROP INDEX IF EXISTS ix_{t}_org_merged_into"))
                .await?;
        }
        Ok(())
    }
}
