//! The consent ledger (`consents`): append-only, which triggers enforce (migration 23).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub person_id: Uuid,
    pub channel: String,
    pub purpose: String,
    pub status: String,
    pub recorded_at: DateTimeUtc,
    pub source: Option<String>,
    pub proof: Option<String>,
    pub wording_version: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
