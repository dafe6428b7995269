//! Orders (`orders`): a customer's purchase, its totals in whole ten-thousandths.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub person_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub status: String,
    pub currency: String,
    pub order_date: Date,
    pub channel: Option<String>,
    pub code: Option<String>,
    pub price_list_id: Option<Uuid>,
    /// Whole ten-thousandths of `currency`, as every amount here.
    pub subtotal_units: i64,
    pub discount_units: i64,
    pub tax_units: i64,
    pub total_units: i64,
    pub refunded_units: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub external_id: Option<String>,
    pub paid_at: Option<DateTimeUtc>,
    pub fulfilled_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::tag_links!("order_tags", "order_id");
