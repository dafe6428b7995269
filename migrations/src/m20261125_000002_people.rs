//! People: the shared customer record with its emails, phones, tags and lifecycle
//! history, and each organisation's default region for phone numbers.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

fn id() -> ColumnDef {
    col("id").uuid().not_null().primary_key().to_owned()
}

fn fk(
    table: &str,
    column: &str,
    to: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(on_delete)
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

fn contact_table(name: &str, value: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .if_not_exists()
        .col(id())
        .col(col("org_id").uuid().not_null())
        .col(col("person_id").uuid().not_null())
        .col(col(value).string().not_null())
        .col(col("label").string().not_null())
        .col(col("is_primary").boolean().not_null())
        .col(col("position").integer().not_null())
        .foreign_key(&mut fk(
            name,
            "org_id",
            "organisations",
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut fk(
            name,
            "person_id",
            "people",
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("organisations"))
                .add_column(col("default_region").string().null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("people"))
                .if_not_exists()
                .col(id())
                .col(col("org_id").uuid().not_null())
                .col(col("first_name").string().null())
                .col(col("last_name").string().null())
                .col(col("lifecycle_stage").string().not_null())
                .col(col("owner_id").uuid().null())
                .col(col("source_channel").string().null())
                .col(col("source_detail").string().null())
                .col(col("external_id").string().null())
                .col(col("language").string().null())
                .col(col("time_zone").string().null())
                .col(col("birthday").date().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk(
                    "people",
                    "org_id",
                    "organisations",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "people",
                    "owner_id",
                    "users",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "people",
            "ix_people_org_id",
            &["org_id", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "people",
            "ix_people_org_created",
            &["org_id", "created_at", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "people",
            "ix_people_org_updated",
            &["org_id", "updated_at", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "people",
            "ix_people_org_stage",
            &["org_id", "lifecycle_stage", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "people",
            "ix_people_org_owner",
            &["org_id", "owner_id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "people",
            "ux_people_org_external_id",
            &["org_id", "external_id"],
            true,
        ))
        .await?;

        m.create_table(contact_table("person_emails", "address"))
            .await?;
        m.create_index(index(
            "person_emails",
            "ix_person_emails_person",
            &["person_id", "position"],
            false,
        ))
        .await?;
        m.create_index(index(
            "person_emails",
            "ix_person_emails_org_address",
            &["org_id", "address"],
            false,
        ))
        .await?;
        m.create_table(contact_table("person_phones", "number"))
            .await?;
        m.create_index(index(
            "person_phones",
            "ix_person_phones_person",
            &["person_id", "position"],
            false,
        ))
        .await?;
        m.create_index(index(
            "person_phones",
            "ix_person_phones_org_number",
            &["org_id", "number"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("tags"))
                .if_not_exists()
                .col(id())
                .col(col("org_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk(
                    "tags",
                    "org_id",
                    "organisations",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("tags", "ux_tags_org_name", &["org_id", "name"], true))
            .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("person_tags"))
                .if_not_exists()
                .col(col("person_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("person_id"))
                        .col(Alias::new("tag_id")),
                )
                .foreign_key(&mut fk(
                    "person_tags",
                    "person_id",
                    "people",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "person_tags",
                    "tag_id",
                    "tags",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "person_tags",
            "ix_person_tags_tag",
            &["tag_id", "person_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("lifecycle_changes"))
                .if_not_exists()
                .col(id())
                .col(col("org_id").uuid().not_null())
                .col(col("person_id").uuid().not_null())
                .col(col("from_stage").string().null())
                .col(col("to_stage").string().not_null())
                .col(col("actor_kind").string().not_null())
                .col(col("actor_id").uuid().null())
                .col(col("changed_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk(
                    "lifecycle_changes",
                    "org_id",
                    "organisations",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "lifecycle_changes",
                    "person_id",
                    "people",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "lifecycle_changes",
            "ix_lifecycle_person",
            &["person_id", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "lifecycle_changes",
            "ix_lifecycle_org_changed",
            &["org_id", "to_stage", "changed_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "lifecycle_changes",
            "person_tags",
            "tags",
            "person_phones",
            "person_emails",
            "people",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new("organisations"))
                .drop_column(Alias::new("default_region"))
                .to_owned(),
        )
        .await
    }
}
