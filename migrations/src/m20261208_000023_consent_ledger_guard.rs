//! The consent ledger records which version of the consent wording the person was shown,
//! and the database keeps it append-only (issue 15 item 7): a trigger on each backend
//! refuses an UPDATE or DELETE except the two the application makes on purpose, a merge
//! moving a ledger to the surviving person (only `person_id` changes, to the person the
//! old one is `merged_into`) and an erasure removing the ledger of an erased person.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every column but `person_id`, which a merge moves; compared with `IS` for NULLs.
const KEPT: &[&str] = &[
    "id",
    "org_id",
    "channel",
    "purpose",
    "status",
    "recorded_at",
    "source",
    "proof",
    "wording_version",
    "actor_kind",
    "actor_id",
    "created_at",
];

const SQLITE_DOWN: &str = "DROP TRIGGER IF EXISTS consents_no_update; \
     DROP TRIGGER IF EXISTS consents_no_delete;";

fn sqlite_up() -> String {
    let same = KEPT
        .iter()
        .map(|c| format!("NEW.{c} IS OLD.{c}"))
        .collect::<Vec<_>>()
        .join(" AND ");
    format!(
        "CREATE TRIGGER IF NOT EXISTS consents_no_update BEFORE UPDATE ON consents \
         WHEN NOT ({same} AND EXISTS (SELECT 1 FROM people \
           WHERE people.id = OLD.person_id AND people.merged_into = NEW.person_id)) \
         BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END; \
         CREATE TRIGGER IF NOT EXISTS consents_no_delete BEFORE DELETE ON consents \
         WHEN NOT EXISTS (SELECT 1 FROM people \
           WHERE people.id = OLD.person_id AND people.erased_at IS NOT NULL) \
         BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;"
    )
}

const POSTGRES_UP: &str = r#"
CREATE OR REPLACE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM people WHERE id = OLD.person_id AND erased_at IS NOT NULL) THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF (to_jsonb(NEW) - 'person_id') = (to_jsonb(OLD) - 'person_id')
       AND EXISTS (SELECT 1 FROM people WHERE id = OLD.person_id AND merged_into = NEW.person_id) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'the consent ledger is append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION consents_append_only();
CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
  FOR EACH STATEMENT EXECUTE FUNCTION consents_append_only();
"#;

const POSTGRES_DOWN: &str = "DROP TRIGGER IF EXISTS consents_no_truncate ON consents; \
     DROP TRIGGER IF EXISTS consents_append_only ON consents; \
     DROP FUNCTION IF EXISTS consents_append_only();";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared("ALTER TABLE consents ADD COLUMN wording_version VARCHAR NULL")
            .await?;
        match m.get_database_backend() {
            DbBackend::Postgres => c.execute_unprepared(POSTGRES_UP).await?,
            _ => c.execute_unprepared(&sqlite_up()).await?,
        };
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => c.execute_unprepared(POSTGRES_DOWN).await?,
            _ => c.execute_unprepared(SQLITE_DOWN).await?,
        };
        c.execute_unprepared("ALTER TABLE consents DROP COLUMN wording_version")
            .await?;
        Ok(())
    }
}
