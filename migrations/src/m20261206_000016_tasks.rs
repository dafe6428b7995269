//! Tasks: what a staff user must do for a customer by when, their tags, and their links
//! to the people and companies they concern.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table(Alias::new("tasks"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("title").string().not_null())
                .col(col("description").text().null())
                .col(col("due_at").timestamp_with_time_zone().null())
                .col(col("time_zone").string().not_null())
                .col(col("assignee_id").uuid().null())
                .col(col("priority").string().not_null())
                .col(col("status").string().not_null())
                .col(col("completed_at").timestamp_with_time_zone().null())
                .col(col("recurrence").string().null())
                .col(col("interaction_id").uuid().null())
                .col(col("created_by").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk("tasks", "org_id", "organisations", Cascade))
                .foreign_key(&mut fk("tasks", "assignee_id", "users", SetNull))
                .foreign_key(&mut fk("tasks", "created_by", "users", SetNull))
                .foreign_key(&mut fk("tasks", "interaction_id", "interactions", SetNull))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("ix_tasks_org_created", &["org_id", "created_at", "id"][..]),
            // A salesperson's day: their open tasks by due time.
            ("ix_tasks_org_assignee_due", &["org_id", "assignee_id", "status", "due_at", "id"][..]),
            ("ix_tasks_org_due", &["org_id", "due_at", "id"][..]),
        ] {
            m.create_index(index("tasks", name, cols, false)).await?;
        }
        m.create_table(
            Table::create()
                .table(Alias::new("task_tags"))
                .if_not_exists()
                .col(col("task_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(Index::create().col(Alias::new("task_id")).col(Alias::new("tag_id")))
                .foreign_key(&mut fk("task_tags", "task_id", "tasks", Cascade))
                .foreign_key(&mut fk("task_tags", "tag_id", "tags", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("task_tags", "ix_task_tags_tag", &["tag_id", "task_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("task_links"))
                .if_not_exists()
                .col(col("task_id").uuid().not_null())
                .col(col("kind").string().not_null())
                .col(col("target_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("task_id"))
                        .col(Alias::new("kind"))
                        .col(Alias::new("target_id")),
                )
                .foreign_key(&mut fk("task_links", "task_id", "tasks", Cascade))
                .foreign_key(&mut fk("task_links", "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "task_links",
            "ix_task_links_target",
            &["org_id", "kind", "target_id", "task_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["task_links", "task_tags", "tasks"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
