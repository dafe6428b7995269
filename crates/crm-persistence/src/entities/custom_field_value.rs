//! Custom field values (`custom_field_values`): one row per value, typed columns.
//! Decimals and money amounts are ten-thousandths in `value_int`; a money currency is in
//! `value_text`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_field_values")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub field_id: Uuid,
    pub record_id: Uuid,
    pub value_text: Option<String>,
    pub value_int: Option<i64>,
    pub value_date: Option<Date>,
    pub value_bool: Option<bool>,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
