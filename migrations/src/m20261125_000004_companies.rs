//! Companies, their tags, and the people who work at them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table(Alias::new("companies"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("domain").string().null())
                .col(col("website").string().null())
                .col(col("industry").string().null())
                .col(col("size").string().null())
                .col(col("owner_id").uuid().null())
                .col(col("source_channel").string().null())
                .col(col("source_detail").string().null())
                .col(col("external_id").string().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk("companies", "org_id", "organisations", Cascade))
                .foreign_key(&mut fk("companies", "owner_id", "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "companies",
            "ix_companies_org_id",
            &["org_id", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "companies",
            "ix_companies_org_created",
            &["org_id", "created_at", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "companies",
            "ix_companies_org_name",
            &["org_id", "name", "id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "companies",
            "ix_companies_org_domain",
            &["org_id", "domain"],
            false,
        ))
        .await?;
        m.create_index(index(
            "companies",
            "ux_companies_org_external_id",
            &["org_id", "external_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("company_tags"))
                .if_not_exists()
                .col(col("company_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("company_id"))
                        .col(Alias::new("tag_id")),
                )
                .foreign_key(&mut fk("company_tags", "company_id", "companies", Cascade))
                .foreign_key(&mut fk("company_tags", "tag_id", "tags", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "company_tags",
            "ix_company_tags_tag",
            &["tag_id", "company_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("employments"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("person_id").uuid().not_null())
                .col(col("company_id").uuid().not_null())
                .col(col("title").string().null())
                .col(col("role").string().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("employments", "org_id", "organisations", Cascade))
                .foreign_key(&mut fk("employments", "person_id", "people", Cascade))
                .foreign_key(&mut fk("employments", "company_id", "companies", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "employments",
            "ux_employments_pair",
            &["person_id", "company_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "employments",
            "ix_employments_company",
            &["company_id", "id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["employments", "company_tags", "companies"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
