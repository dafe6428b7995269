//! The event outbox (`outbox_events`): written with each change, delivered later.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub event_type: String,
    pub resource_type: String,
    pub resource_id: Uuid,
    /// JSON text of the resource after the change.
    pub payload: String,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
