//! Imports (`imports`): options, progress and state of one import.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// The resource its rows write (`people`, `interactions`).
    pub resource: String,
    pub status: String,
    pub format: String,
    pub file_name: Option<String>,
    pub match_on: Option<String>,
    pub dry_run: bool,
    /// JSON array of the column names.
    pub columns: String,
    /// JSON array of `[column, target]` pairs.
    pub mapping: String,
    pub bytes: i64,
    pub rows_total: i64,
    pub rows_done: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub failed_count: i64,
    pub error: Option<String>,
    pub attempts: i32,
    pub created_by_kind: String,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
