//! People (`people`): the shared customer record.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub lifecycle_stage: String,
    pub owner_id: Option<Uuid>,
    pub source_channel: Option<String>,
    pub source_detail: Option<String>,
    pub external_id: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
    pub deleted_at: Option<DateTimeUtc>,
    /// Set when the person's personal data was erased; the row is then hidden for good.
    pub erased_at: Option<DateTimeUtc>,
    /// The survivor this person was merged into.
    pub merged_into: Option<Uuid>,
    /// JSON array of postal addresses.
    pub addresses: Option<String>,
    /// JSON array of social profiles.
    pub social_profiles: Option<String>,
    /// JSON of the person's emails, phones, tags, consent state and custom values, kept
    /// by every write from their own tables (`repos::people::card`); `NULL` until filled.
    pub card: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::tag_links!("person_tags", "person_id");
