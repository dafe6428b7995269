//! Background jobs (claimed with a lease by any replica's worker) and imports: the
//! uploaded file in chunks of whole rows, the progress, and the per-row error report.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(table: &str, name: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Alias::new(table)).if_not_exists();
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("jobs"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().null())
                .col(col("kind").string().not_null())
                .col(col("subject_id").uuid().not_null())
                .col(col("status").string().not_null())
                .col(col("attempts").integer().not_null())
                .col(col("max_attempts").integer().not_null())
                .col(col("run_at").timestamp_with_time_zone().not_null())
                .col(col("lease_owner").string().null())
                .col(col("lease_until").timestamp_with_time_zone().null())
                .col(col("last_error").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("jobs", "org_id", "organisations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("jobs", "ix_jobs_due", &["status", "run_at"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("imports"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("status").string().not_null())
                .col(col("format").string().not_null())
                .col(col("file_name").string().null())
                .col(col("match_on").string().null())
                .col(col("dry_run").boolean().not_null())
                .col(col("columns").text().not_null())
                .col(col("mapping").text().not_null())
                .col(col("bytes").big_integer().not_null())
                .col(col("rows_total").big_integer().not_null())
                .col(col("rows_done").big_integer().not_null())
                .col(col("created_count").big_integer().not_null())
                .col(col("updated_count").big_integer().not_null())
                .col(col("failed_count").big_integer().not_null())
                .col(col("error").text().null())
                .col(col("attempts").integer().not_null())
                .col(col("created_by_kind").string().not_null())
                .col(col("created_by_id").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("started_at").timestamp_with_time_zone().null())
                .col(col("finished_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk("imports", "org_id", "organisations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("imports", "ix_imports_org", &["org_id", "id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("import_chunks"))
                .if_not_exists()
                .col(col("import_id").uuid().not_null())
                .col(col("seq").big_integer().not_null())
                .col(col("first_row").big_integer().not_null())
                .col(col("first_line").big_integer().not_null())
                .col(col("row_count").big_integer().not_null())
                .col(col("data").blob().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("import_id"))
                        .col(Alias::new("seq")),
                )
                .foreign_key(&mut fk("import_chunks", "import_id", "imports"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Alias::new("import_row_errors"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("import_id").uuid().not_null())
                .col(col("row_number").big_integer().not_null())
                .col(col("line").big_integer().not_null())
                .col(col("errors").text().not_null())
                .foreign_key(&mut fk("import_row_errors", "import_id", "imports"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "import_row_errors",
            "ix_import_row_errors",
            &["import_id", "row_number"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["import_row_errors", "import_chunks", "imports", "jobs"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
