//! Tasks (`tasks`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    pub due_at: Option<DateTimeUtc>,
    pub time_zone: String,
    pub assignee_id: Option<Uuid>,
    pub priority: String,
    pub status: String,
    pub completed_at: Option<DateTimeUtc>,
    /// JSON `{"frequency", "interval", "until"}`.
    pub recurrence: Option<String>,
    pub interaction_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::tag_links!("task_tags", "task_id");
