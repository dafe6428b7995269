//! A product's price on a price list (`price_list_items`), in the list's currency.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "price_list_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub price_list_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    pub org_id: Uuid,
    pub position: i32,
    /// Whole ten-thousandths of the list's currency.
    pub amount_units: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
