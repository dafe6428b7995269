//! Inbound email messages received for cases (`inbound_emails`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inbound_emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub message_id: String,
    pub case_id: Uuid,
    pub interaction_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub from_address: String,
    pub subject: Option<String>,
    pub size: i64,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
