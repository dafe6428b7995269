//! Tags carry `updated_at` and `version` like every other resource, so a rename can be
//! guarded by `If-Match`; existing tags start at version 1, updated when created.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn tags() -> TableAlterStatement {
    Table::alter().table(Alias::new("tags")).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        m.alter_table(
            tags()
                .add_column(
                    ColumnDef::new(Alias::new("version"))
                        .big_integer()
                        .not_null()
                        .default(1),
                )
                .to_owned(),
        )
        .await?;
        // SQLite only adds a NOT NULL column with a constant default: a placeholder,
        // replaced at once by each tag's creation time.
        m.alter_table(
            tags()
                .add_column(
                    ColumnDef::new(Alias::new("updated_at"))
                        .timestamp_with_time_zone()
                        .not_null()
                        .default("1970-01-01T00:00:00+00:00"),
                )
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table(Alias::new("tags"))
                .value(
                    Alias::new("updated_at"),
                    Expr::col(Alias::new("created_at")),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in ["updated_at", "version"] {
            m.alter_table(tags().drop_column(Alias::new(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
