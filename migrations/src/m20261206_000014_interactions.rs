//! Interactions: every touch with a customer, their tags, and their links to the people,
//! companies and staff users involved.

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
                .table(Alias::new("interactions"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("channel").string().not_null())
                .col(col("direction").string().null())
                .col(col("occurred_at").timestamp_with_time_zone().not_null())
                .col(col("duration_seconds").integer().null())
                .col(col("subject").string().null())
                .col(col("body").text().null())
                .col(col("outcome").string().null())
                .col(col("social_network").string().null())
                .col(col("social_url").string().null())
                .col(col("social_visibility").string().null())
                .col(col("logged_by").uuid().null())
                .col(col("external_id").string().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk("interactions", "org_id", "organisations", Cascade))
                .foreign_key(&mut fk("interactions", "logged_by", "users", SetNull))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            ("ix_interactions_org_created", &["org_id", "created_at", "id"][..], false),
            ("ix_interactions_org_occurred", &["org_id", "occurred_at", "id"][..], false),
            ("ix_interactions_org_channel", &["org_id", "channel", "occurred_at"][..], false),
            ("ux_interactions_org_external_id", &["org_id", "external_id"][..], true),
        ] {
            m.create_index(index("interactions", name, cols, unique)).await?;
        }

        m.create_table(
            Table::create()
                .table(Alias::new("interaction_tags"))
                .if_not_exists()
                .col(col("interaction_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("interaction_id"))
                        .col(Alias::new("tag_id")),
                )
                .foreign_key(&mut fk("interaction_tags", "interaction_id", "interactions", Cascade))
                .foreign_key(&mut fk("interaction_tags", "tag_id", "tags", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "interaction_tags",
            "ix_interaction_tags_tag",
            &["tag_id", "interaction_id"],
            false,
        ))
        .await?;

        // One row per linked person, company or staff user (`kind`); the target has no
        // foreign key because it lives in a different table per kind (checked on write).
        m.create_table(
            Table::create()
                .table(Alias::new("interaction_links"))
                .if_not_exists()
                .col(col("interaction_id").uuid().not_null())
                .col(col("kind").string().not_null())
                .col(col("target_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("interaction_id"))
                        .col(Alias::new("kind"))
                        .col(Alias::new("target_id")),
                )
                .foreign_key(&mut fk("interaction_links", "interaction_id", "interactions", Cascade))
                .foreign_key(&mut fk("interaction_links", "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "interaction_links",
            "ix_interaction_links_target",
            &["org_id", "kind", "target_id", "interaction_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["interaction_links", "interaction_tags", "interactions"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
