//! A customer's purchases in one line (`customer_purchases`), for people search.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_purchases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub party_id: Uuid,
    pub org_id: Uuid,
    /// `person` or `company`.
    pub party_kind: String,
    pub currency: String,
    /// Whole ten-thousandths of `currency`.
    pub spent_units: i64,
    pub order_count: i64,
    pub first_order_date: Date,
    pub last_order_date: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
