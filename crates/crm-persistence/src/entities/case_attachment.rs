//! Files attached to cases, from inbound email (`case_attachments`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "case_attachments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub case_id: Uuid,
    pub email_id: Option<Uuid>,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// Null when the file was over the size limit.
    #[sea_orm(column_type = "Blob", nullable)]
    pub content: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
