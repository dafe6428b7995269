//! Scoring rules (`scoring_rules`): points for a condition on a person or for each event
//! of a kind, with an optional half-life.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scoring_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    /// A condition rule's filter tree as JSON text.
    pub condition: Option<String>,
    pub event_kind: Option<String>,
    pub event_channel: Option<String>,
    pub event_url: Option<String>,
    pub points: i32,
    pub half_life_days: Option<i32>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
