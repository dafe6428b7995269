//! Interactions (`interactions`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "interactions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub channel: String,
    pub direction: Option<String>,
    pub occurred_at: DateTimeUtc,
    pub duration_seconds: Option<i32>,
    pub subject: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub body: Option<String>,
    pub outcome: Option<String>,
    pub social_network: Option<String>,
    pub social_url: Option<String>,
    pub social_visibility: Option<String>,
    pub logged_by: Option<Uuid>,
    pub external_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::tag_links!("interaction_tags", "interaction_id");
