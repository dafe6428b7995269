//! Each organisation's business hours (`business_hours`), which SLA clocks count in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "business_hours")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    pub time_zone: String,
    /// JSON: seven lists of `{"start": "09:00", "end": "17:00"}`, Monday first.
    #[sea_orm(column_type = "Text")]
    pub weekly: String,
    /// JSON: `["2026-12-25", …]`.
    #[sea_orm(column_type = "Text")]
    pub holidays: String,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
