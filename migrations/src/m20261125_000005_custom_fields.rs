//! Custom fields: definitions per organisation and resource, and their values in one
//! typed table (one row per value, so a multi-option value is a set).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
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

fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("custom_fields"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("resource").string().not_null())
                .col(col("field_key").string().not_null())
                .col(col("label").string().not_null())
                .col(col("kind").string().not_null())
                .col(col("options").text().not_null())
                .col(col("required").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .foreign_key(&mut fk("custom_fields", "org_id", "organisations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "custom_fields",
            "ux_custom_fields_key",
            &["org_id", "resource", "field_key"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("custom_field_values"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("field_id").uuid().not_null())
                .col(col("record_id").uuid().not_null())
                .col(col("value_text").string().null())
                .col(col("value_int").big_integer().null())
                .col(col("value_date").date().null())
                .col(col("value_bool").boolean().null())
                .col(col("position").integer().not_null())
                .foreign_key(&mut fk("custom_field_values", "org_id", "organisations"))
                .foreign_key(&mut fk("custom_field_values", "field_id", "custom_fields"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "custom_field_values",
            "ix_cfv_record",
            &["record_id", "field_id", "position"],
            false,
        ))
        .await?;
        m.create_index(index(
            "custom_field_values",
            "ix_cfv_text",
            &["field_id", "value_text"],
            false,
        ))
        .await?;
        m.create_index(index(
            "custom_field_values",
            "ix_cfv_int",
            &["field_id", "value_int"],
            false,
        ))
        .await?;
        m.create_index(index(
            "custom_field_values",
            "ix_cfv_date",
            &["field_id", "value_date"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["custom_field_values", "custom_fields"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
