//! Email-to-case: every inbound message received (for threading replies and refusing
//! a message twice) and the attachments stored on cases.

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
                .table(Alias::new("inbound_emails"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("message_id").string().not_null())
                .col(col("case_id").uuid().not_null())
                .col(col("interaction_id").uuid().null())
                .col(col("person_id").uuid().null())
                .col(col("from_address").string().not_null())
                .col(col("subject").string().null())
                .col(col("size").big_integer().not_null())
                .col(col("received_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("inbound_emails", "org_id", "organisations", Cascade))
                .foreign_key(&mut fk("inbound_emails", "case_id", "cases", Cascade))
                .foreign_key(&mut fk("inbound_emails", "interaction_id", "interactions", SetNull))
                .to_owned(),
        )
        .await?;
        // A reply names the message it answers: found by its id within the organisation.
        m.create_index(index(
            "inbound_emails",
            "ux_inbound_emails_org_message",
            &["org_id", "message_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("case_attachments"))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("case_id").uuid().not_null())
                .col(col("email_id").uuid().null())
                .col(col("filename").string().not_null())
                .col(col("content_type").string().not_null())
                .col(col("size").big_integer().not_null())
                // Null when the file was over the size limit: listed, not kept.
                .col(col("content").blob().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("case_attachments", "case_id", "cases", Cascade))
                .foreign_key(&mut fk("case_attachments", "email_id", "inbound_emails", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "case_attachments",
            "ix_case_attachments_case",
            &["org_id", "case_id", "id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["case_attachments", "inbound_emails"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
