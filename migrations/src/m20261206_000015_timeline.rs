//! Timelines read interactions by linked record, newest first: each link carries its
//! interaction's `occurred_at`, and an index walks one record's links in that order, so
//! a page of a timeline with 10,000 interactions reads a page of index entries.

use crate::statements::{col, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("interaction_links"))
                .add_column(col("occurred_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE interaction_links SET occurred_at = (SELECT i.occurred_at FROM interactions i WHERE i.id = interaction_links.interaction_id)",
            )
            .await?;
        m.create_index(index(
            "interaction_links",
            "ix_interaction_links_timeline",
            &["org_id", "kind", "target_id", "occurred_at", "interaction_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_interaction_links_timeline")
                .table(Alias::new("interaction_links"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("interaction_links"))
                .drop_column(Alias::new("occurred_at"))
                .to_owned(),
        )
        .await
    }
}
