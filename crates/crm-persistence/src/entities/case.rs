//! Service cases (`cases`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: i64,
    pub subject: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub status: String,
    pub priority: String,
    pub category: Option<String>,
    pub team: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub channel: String,
    pub interaction_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
    pub first_response_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub sla_policy_id: Option<Uuid>,
    pub first_response_due_at: Option<DateTimeUtc>,
    pub resolution_due_at: Option<DateTimeUtc>,
    pub sla_paused_at: Option<DateTimeUtc>,
    pub sla_paused_seconds: i64,
    pub first_response_breached_at: Option<DateTimeUtc>,
    pub resolution_breached_at: Option<DateTimeUtc>,
    pub sla_due_at: Option<DateTimeUtc>,
    pub sla_breached: bool,
    pub follow_up_task_id: Option<Uuid>,
    pub follow_up_solved: Option<bool>,
    pub satisfaction_rating: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub satisfaction_comment: Option<String>,
    pub follow_up_answered_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::tag_links!("case_tags", "case_id");
