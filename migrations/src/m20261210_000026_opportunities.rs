//! Opportunities (issue 18 item 2): a possible sale to a person and/or company, in a
//! stage of a pipeline, with an exact amount (whole ten-thousandths beside the currency
//! code, as every money column), its tags, and every stage move it made (who, when,
//! from, to and how long it had been in the stage it left).

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let t = "opportunities";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("person_id").uuid().null())
                .col(col("company_id").uuid().null())
                .col(col("pipeline_id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                // open, won or lost: the stage's kind, kept beside it for lists and sums.
                .col(col("status").string().not_null())
                // Whole ten-thousandths of `currency`; both null when no amount is known.
                .col(col("amount_units").big_integer().null())
                .col(col("currency").string_len(3).null())
                .col(col("expected_close_date").date().null())
                .col(col("owner_id").uuid().null())
                .col(col("source").string().null())
                .col(col("next_step").string().null())
                .col(col("close_reason").string().null())
                .col(col("closed_at").timestamp_with_time_zone().null())
                .col(col("stage_entered_at").timestamp_with_time_zone().not_null())
                .col(col("external_id").string().null())
                .col(col("created_by").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk(t, "org_id", "organisations", Cascade))
                .foreign_key(&mut fk(t, "person_id", "people", SetNull))
                .foreign_key(&mut fk(t, "company_id", "companies", SetNull))
                .foreign_key(&mut fk(t, "pipeline_id", "pipelines", Restrict))
                .foreign_key(&mut fk(t, "stage_id", "pipeline_stages", Restrict))
                .foreign_key(&mut fk(t, "owner_id", "users", SetNull))
                .foreign_key(&mut fk(t, "created_by", "users", SetNull))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            ("ix_opportunities_org_created", &["org_id", "created_at", "id"][..], false),
            // A board: a pipeline's opportunities by stage.
            ("ix_opportunities_org_stage", &["org_id", "pipeline_id", "stage_id"][..], false),
            // A forecast: open amounts by expected close date.
            ("ix_opportunities_org_close", &["org_id", "status", "expected_close_date"][..], false),
            ("ix_opportunities_org_owner", &["org_id", "owner_id", "status"][..], false),
            ("ix_opportunities_org_person", &["org_id", "person_id"][..], false),
            ("ix_opportunities_org_company", &["org_id", "company_id"][..], false),
            ("ux_opportunities_org_external_id", &["org_id", "external_id"][..], true),
        ] {
            m.create_index(index(t, name, cols, unique)).await?;
        }
        m.create_table(
            Table::create()
                .table(Alias::new("opportunity_tags"))
                .if_not_exists()
                .col(col("opportunity_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("opportunity_id"))
                        .col(Alias::new("tag_id")),
                )
                .foreign_key(&mut fk("opportunity_tags", "opportunity_id", t, Cascade))
                .foreign_key(&mut fk("opportunity_tags", "tag_id", "tags", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "opportunity_tags",
            "ix_opportunity_tags_tag",
            &["tag_id", "opportunity_id"],
            false,
        ))
        .await?;
        let moves = "opportunity_stage_moves";
        m.create_table(
            Table::create()
                .table(Alias::new(moves))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("opportunity_id").uuid().not_null())
                // Null for the stage an opportunity was created in.
                .col(col("from_stage_id").uuid().null())
                .col(col("to_stage_id").uuid().not_null())
                .col(col("moved_at").timestamp_with_time_zone().not_null())
                .col(col("moved_by").uuid().null())
                // How long it had been in `from_stage_id`, in whole seconds.
                .col(col("seconds_in_stage").big_integer().null())
                .foreign_key(&mut fk(moves, "org_id", "organisations", Cascade))
                .foreign_key(&mut fk(moves, "opportunity_id", t, Cascade))
                .foreign_key(&mut fk(moves, "from_stage_id", "pipeline_stages", Restrict))
                .foreign_key(&mut fk(moves, "to_stage_id", "pipeline_stages", Restrict))
                .foreign_key(&mut fk(moves, "moved_by", "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            moves,
            "ix_opportunity_stage_moves_opportunity",
            &["org_id", "opportunity_id", "moved_at", "id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["opportunity_stage_moves", "opportunity_tags", "opportunities"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
