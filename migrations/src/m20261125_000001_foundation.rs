//! The foundation: instance settings, organisations, staff users, sessions, API keys,
//! the audit log, the event outbox, and idempotency keys.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id() -> ColumnDef {
    ColumnDef::new(Alias::new("id"))
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn uuid(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .uuid()
        .not_null()
        .to_owned()
}

fn uuid_null(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).uuid().null().to_owned()
}

fn text(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string()
        .not_null()
        .to_owned()
}

fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).string().null().to_owned()
}

fn ts(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

fn big(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .big_integer()
        .not_null()
        .to_owned()
}

fn org_fk(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_org"))
        .from(Alias::new(table), Alias::new("org_id"))
        .to(Alias::new("organisations"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .if_not_exists()
        .to_owned()
}

fn index(table: &str, name: &str, cols: &[&str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Alias::new(table)).if_not_exists();
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            table("settings")
                .col(
                    ColumnDef::new(Alias::new("key"))
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(text("value"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("organisations")
                .col(id())
                .col(text("name"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .col(big("version"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            table("users")
                .col(id())
                .col(uuid("org_id"))
                .col(text("email"))
                .col(text("name"))
                .col(text("role"))
                .col(text("status"))
                .col(text("password_hash"))
                .col(ts_null("last_login_at"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .col(big("version"))
                .col(ts_null("deleted_at"))
                .foreign_key(&mut org_fk("users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("users", "ux_users_email", &["email"], true))
            .await?;
        m.create_index(index("users", "ix_users_org_id", &["org_id", "id"], false))
            .await?;
        m.create_index(index(
            "users",
            "ix_users_org_created",
            &["org_id", "created_at", "id"],
            false,
        ))
        .await?;

        m.create_table(
            table("refresh_tokens")
                .col(id())
                .col(uuid("org_id"))
                .col(uuid("user_id"))
                .col(uuid("family_id"))
                .col(text("token_digest"))
                .col(ts("expires_at"))
                .col(ts_null("spent_at"))
                .col(ts_null("revoked_at"))
                .col(ts("created_at"))
                .foreign_key(&mut org_fk("refresh_tokens"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_refresh_tokens_user")
                        .from(Alias::new("refresh_tokens"), Alias::new("user_id"))
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "refresh_tokens",
            "ux_refresh_tokens_digest",
            &["token_digest"],
            true,
        ))
        .await?;
        m.create_index(index(
            "refresh_tokens",
            "ix_refresh_tokens_family",
            &["family_id"],
            false,
        ))
        .await?;

        m.create_table(
            table("api_keys")
                .col(id())
                .col(uuid("org_id"))
                .col(text("name"))
                .col(text("role"))
                .col(text("prefix"))
                .col(text("secret_digest"))
                .col(uuid_null("created_by"))
                .col(ts_null("last_used_at"))
                .col(ts_null("expires_at"))
                .col(ts_null("revoked_at"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .col(big("version"))
                .foreign_key(&mut org_fk("api_keys"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "api_keys",
            "ux_api_keys_digest",
            &["secret_digest"],
            true,
        ))
        .await?;
        m.create_index(index(
            "api_keys",
            "ix_api_keys_org_id",
            &["org_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            table("audit_events")
                .col(id())
                .col(uuid("org_id"))
                .col(ts("occurred_at"))
                .col(text("actor_kind"))
                .col(uuid_null("actor_id"))
                .col(text_null("request_id"))
                .col(text("action"))
                .col(text("resource_type"))
                .col(uuid("resource_id"))
                .col(ColumnDef::new(Alias::new("changes")).text().not_null())
                .foreign_key(&mut org_fk("audit_events"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "audit_events",
            "ix_audit_org_id",
            &["org_id", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "audit_events",
            "ix_audit_org_resource",
            &["org_id", "resource_type", "resource_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            table("outbox_events")
                .col(id())
                .col(uuid("org_id"))
                .col(ts("occurred_at"))
                .col(text("event_type"))
                .col(text("resource_type"))
                .col(uuid("resource_id"))
                .col(ColumnDef::new(Alias::new("payload")).text().not_null())
                .col(ts_null("published_at"))
                .foreign_key(&mut org_fk("outbox_events"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "outbox_events",
            "ix_outbox_unpublished",
            &["published_at", "id"],
            false,
        ))
        .await?;

        m.create_table(
            table("idempotency_keys")
                .col(id())
                .col(uuid("org_id"))
                .col(text("principal"))
                .col(text("idem_key"))
                .col(text("request_digest"))
                .col(
                    ColumnDef::new(Alias::new("response_status"))
                        .integer()
                        .null(),
                )
                .col(ColumnDef::new(Alias::new("response_headers")).text().null())
                .col(ColumnDef::new(Alias::new("response_body")).text().null())
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .foreign_key(&mut org_fk("idempotency_keys"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idempotency_keys",
            "ux_idempotency_scope",
            &["org_id", "principal", "idem_key"],
            true,
        ))
        .await?;
        m.create_index(index(
            "idempotency_keys",
            "ix_idempotency_expires",
            &["expires_at"],
            false,
        ))
        .await?;

        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "idempotency_keys",
            "outbox_events",
            "audit_events",
            "api_keys",
            "refresh_tokens",
            "users",
            "organisations",
            "settings",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
