//! Service cases: the cases themselves with their SLA clocks and follow-up answer, the
//! per-organisation number counter, tags, links to people and companies, comments,
//! history; the SLA policies and the organisation's business hours they count in.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "case_history",
    "case_comments",
    "case_links",
    "case_tags",
    "cases",
    "case_numbers",
    "sla_policies",
    "business_hours",
];

async fn policies(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ForeignKeyAction::Cascade;
    m.create_table(
        Table::create()
            .table(Alias::new("sla_policies"))
            .if_not_exists()
            .col(col("id").uuid().not_null().primary_key())
            .col(col("org_id").uuid().not_null())
            .col(col("name").string().not_null())
            // Null matches any priority or category.
            .col(col("priority").string().null())
            .col(col("category").string().null())
            .col(col("first_response_minutes").integer().not_null())
            .col(col("resolution_minutes").integer().not_null())
            .col(col("follow_up_days").integer().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .col(col("version").big_integer().not_null())
            .col(col("deleted_at").timestamp_with_time_zone().null())
            .foreign_key(&mut fk("sla_policies", "org_id", "organisations", Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "sla_policies",
        "ix_sla_policies_org",
        &["org_id", "created_at", "id"],
        false,
    ))
    .await?;
    m.create_table(
        Table::create()
            .table(Alias::new("business_hours"))
            .if_not_exists()
            .col(col("org_id").uuid().not_null().primary_key())
            .col(col("time_zone").string().not_null())
            // JSON: seven lists of {"start": "09:00", "end": "17:00"}, Monday first.
            .col(col("weekly").text().not_null())
            // JSON: ["2026-12-25", …].
            .col(col("holidays").text().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .col(col("version").big_integer().not_null())
            .foreign_key(&mut fk("business_hours", "org_id", "organisations", Cascade))
            .to_owned(),
    )
    .await
}

async fn cases(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ForeignKeyAction::{Cascade, SetNull};
    m.create_table(
        Table::create()
            .table(Alias::new("case_numbers"))
            .if_not_exists()
            .col(col("org_id").uuid().not_null().primary_key())
            .col(col("last").big_integer().not_null())
            .foreign_key(&mut fk("case_numbers", "org_id", "organisations", Cascade))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Alias::new("cases"))
            .if_not_exists()
            .col(col("id").uuid().not_null().primary_key())
            .col(col("org_id").uuid().not_null())
            .col(col("number").big_integer().not_null())
            .col(col("subject").string().not_null())
            .col(col("description").text().null())
            .col(col("status").string().not_null())
            .col(col("priority").string().not_null())
            .col(col("category").string().null())
            .col(col("team").string().null())
            .col(col("assignee_id").uuid().null())
            .col(col("channel").string().not_null())
            .col(col("interaction_id").uuid().null())
            .col(col("resolution").text().null())
            .col(col("first_response_at").timestamp_with_time_zone().null())
            .col(col("resolved_at").timestamp_with_time_zone().null())
            .col(col("closed_at").timestamp_with_time_zone().null())
            .col(col("sla_policy_id").uuid().null())
            .col(col("first_response_due_at").timestamp_with_time_zone().null())
            .col(col("resolution_due_at").timestamp_with_time_zone().null())
            // The resolution clock stops while the case waits on the customer or is
            // resolved: since when, and the business seconds of earlier stops.
            .col(col("sla_paused_at").timestamp_with_time_zone().null())
            .col(col("sla_paused_seconds").big_integer().not_null())
            .col(col("first_response_breached_at").timestamp_with_time_zone().null())
            .col(col("resolution_breached_at").timestamp_with_time_zone().null())
            // The next unmet deadline (time to breach), null when none runs.
            .col(col("sla_due_at").timestamp_with_time_zone().null())
            .col(col("sla_breached").boolean().not_null())
            .col(col("follow_up_task_id").uuid().null())
            .col(col("follow_up_solved").boolean().null())
            .col(col("satisfaction_rating").integer().null())
            .col(col("satisfaction_comment").text().null())
            .col(col("follow_up_answered_at").timestamp_with_time_zone().null())
            .col(col("created_by").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .col(col("version").big_integer().not_null())
            .col(col("deleted_at").timestamp_with_time_zone().null())
            .foreign_key(&mut fk("cases", "org_id", "organisations", Cascade))
            .foreign_key(&mut fk("cases", "assignee_id", "users", SetNull))
            .foreign_key(&mut fk("cases", "created_by", "users", SetNull))
            .foreign_key(&mut fk("cases", "interaction_id", "interactions", SetNull))
            .foreign_key(&mut fk("cases", "sla_policy_id", "sla_policies", SetNull))
            .foreign_key(&mut fk("cases", "follow_up_task_id", "tasks", SetNull))
            .to_owned(),
    )
    .await?;
    for (name, cols, unique) in [
        // The counter hands out numbers; the index makes a duplicate impossible anyway.
        ("ux_cases_org_number", &["org_id", "number"][..], true),
        ("ix_cases_org_created", &["org_id", "created_at", "id"][..], false),
        // A queue: one status, most urgent deadline first.
        ("ix_cases_org_status_due", &["org_id", "status", "sla_due_at", "id"][..], false),
        ("ix_cases_org_assignee", &["org_id", "assignee_id", "status", "id"][..], false),
    ] {
        m.create_index(index("cases", name, cols, unique)).await?;
    }
    Ok(())
}

async fn children(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ForeignKeyAction::{Cascade, SetNull};
    m.create_table(
        Table::create()
            .table(Alias::new("case_tags"))
            .if_not_exists()
            .col(col("case_id").uuid().not_null())
            .col(col("tag_id").uuid().not_null())
            .col(col("org_id").uuid().not_null())
            .primary_key(Index::create().col(Alias::new("case_id")).col(Alias::new("tag_id")))
            .foreign_key(&mut fk("case_tags", "case_id", "cases", Cascade))
            .foreign_key(&mut fk("case_tags", "tag_id", "tags", Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index("case_tags", "ix_case_tags_tag", &["tag_id", "case_id"], false))
        .await?;
    m.create_table(
        Table::create()
            .table(Alias::new("case_links"))
            .if_not_exists()
            .col(col("case_id").uuid().not_null())
            .col(col("kind").string().not_null())
            .col(col("target_id").uuid().not_null())
            .col(col("org_id").uuid().not_null())
            .col(col("position").integer().not_null())
            .primary_key(
                Index::create()
                    .col(Alias::new("case_id"))
                    .col(Alias::new("kind"))
                    .col(Alias::new("target_id")),
            )
            .foreign_key(&mut fk("case_links", "case_id", "cases", Cascade))
            .foreign_key(&mut fk("case_links", "org_id", "organisations", Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "case_links",
        "ix_case_links_target",
        &["org_id", "kind", "target_id", "case_id"],
        false,
    ))
    .await?;
    m.create_table(
        Table::create()
            .table(Alias::new("case_comments"))
            .if_not_exists()
            .col(col("id").uuid().not_null().primary_key())
            .col(col("org_id").uuid().not_null())
            .col(col("case_id").uuid().not_null())
            .col(col("body").text().not_null())
            .col(col("visibility").string().not_null())
            .col(col("author_id").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("case_comments", "case_id", "cases", Cascade))
            .foreign_key(&mut fk("case_comments", "author_id", "users", SetNull))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "case_comments",
        "ix_case_comments_case",
        &["org_id", "case_id", "id"],
        false,
    ))
    .await?;
    m.create_table(
        Table::create()
            .table(Alias::new("case_history"))
            .if_not_exists()
            .col(col("id").uuid().not_null().primary_key())
            .col(col("org_id").uuid().not_null())
            .col(col("case_id").uuid().not_null())
            .col(col("kind").string().not_null())
            .col(col("from_value").string().null())
            .col(col("to_value").string().null())
            .col(col("comment_id").uuid().null())
            .col(col("actor_type").string().not_null())
            .col(col("actor_id").uuid().null())
            .col(col("at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("case_history", "case_id", "cases", Cascade))
            .to_owned(),
    )
    .await?;
    m.create_index(index(
        "case_history",
        "ix_case_history_case",
        &["org_id", "case_id", "id"],
        false,
    ))
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        policies(m).await?;
        cases(m).await?;
        children(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES {
            m.drop_table(Table::drop().table(Alias::new(*t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
