//! Opportunities (`opportunities`): a possible sale in a pipeline's stage.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub person_id: Option<Uuid>,
    pub company_id: Option<Uuid>,
    pub pipeline_id: Uuid,
    pub stage_id: Uuid,
    pub status: String,
    /// Whole ten-thousandths of `currency` (`crm_records::money::Money::units`).
    pub amount_units: Option<i64>,
    pub currency: Option<String>,
    /// The proposed lines as JSON (`crm_opportunities::order::OrderLine`s), or NULL.
    #[sea_orm(column_type = "Text", nullable)]
    pub lines: Option<String>,
    pub expected_close_date: Option<Date>,
    pub owner_id: Option<Uuid>,
    pub source: Option<String>,
    pub next_step: Option<String>,
    pub close_reason: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub stage_entered_at: DateTimeUtc,
    pub external_id: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::tag_links!("opportunity_tags", "opportunity_id");
