//! The people, companies and staff users an interaction is with (`interaction_links`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "interaction_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub interaction_id: Uuid,
    /// `person`, `company` or `user`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_id: Uuid,
    pub org_id: Uuid,
    /// The link's place in the list it was given in.
    pub position: i32,
    /// The interaction's `occurred_at`, so a record's timeline reads its links in order.
    pub occurred_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
