//! Sales pipelines and their ordered stages (issue 18 item 1). A stage is never
//! deleted: it is retired (`retired_at`), so the opportunities and stage moves that
//! name it keep their history; `position` orders a pipeline's stages.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(Alias::new("pipelines"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk("pipelines", "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "pipelines",
            "ix_pipelines_org",
            &["org_id", "created_at", "id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("pipeline_stages"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("pipeline_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .col(col("name").string().not_null())
                // 0 to 100: the share of an open opportunity's amount a forecast weighs.
                .col(col("probability").integer().not_null())
                // open, won or lost.
                .col(col("kind").string().not_null())
                .col(col("retired_at").timestamp_with_time_zone().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("pipeline_stages", "org_id", "organisations", Cascade))
                .foreign_key(&mut fk("pipeline_stages", "pipeline_id", "pipelines", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "pipeline_stages",
            "ix_pipeline_stages_pipeline",
            &["org_id", "pipeline_id", "position"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["pipeline_stages", "pipelines"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
