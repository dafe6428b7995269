//! An order's priced line (`order_lines`), amounts and rates in whole ten-thousandths.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub order_id: Uuid,
    pub position: i32,
    pub product_id: Option<Uuid>,
    pub sku: Option<String>,
    pub description: String,
    pub quantity_units: i64,
    pub unit_price_units: i64,
    pub price_source: String,
    pub price_list_id: Option<Uuid>,
    pub gross_units: i64,
    pub discount_percent_units: Option<i64>,
    pub discount_units: i64,
    pub net_units: i64,
    pub tax_category: Option<String>,
    pub tax_rate_units: i64,
    pub tax_units: i64,
    pub total_units: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
