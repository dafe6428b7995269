//! A staff email is unique within its organisation, not across all of them: the
//! global index made sign-up and invitations answer "already exists" for an email of
//! another organisation, which told anyone whether an address had an account anywhere
//! (issue 15 item 6, decision 0039). Sign-in finds the email's accounts and checks the
//! password against each (oldest first, a few at most) or the one organisation named.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_users_org_email ON users (org_id, email)",
        )
        .await?;
        c.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_users_email_created ON users (email, created_at)",
        )
        .await?;
        c.execute_unprepared("DROP INDEX IF EXISTS ux_users_email")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        // Fails, and changes nothing, if two organisations now share an email.
        c.execute_unprepared("CREATE UNIQUE INDEX IF NOT EXISTS ux_users_email ON users (email)")
            .await?;
        c.execute_unprepared("DROP INDEX IF EXISTS ix_users_email_created")
            .await?;
        c.execute_unprepared("DROP INDEX IF EXISTS ux_users_org_email")
            .await?;
        Ok(())
    }
}
