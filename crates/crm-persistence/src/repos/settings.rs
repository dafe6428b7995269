//! Instance-wide settings shared by every replica.

use crate::db::Db;
use crate::entities::setting;
use crate::error::port;
use crate::time;
use async_trait::async_trait;
use crm_accounts::ports::SettingsRepository;
use crm_core::{DomainError, DomainResult};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};

pub(crate) struct Settings(pub Db);

#[async_trait]
impl SettingsRepository for Settings {
    #[tracing::instrument(skip(self, init))]
    async fn get_or_init(&self, key: &str, init: String) -> DomainResult<String> {
        port(async {
            let turn = self.0.turn().await;
            setting::Entity::insert(setting::ActiveModel {
                key: Set(key.to_string()),
                value: Set(init),
                created_at: Set(time::now()),
            })
            .on_conflict(
                OnConflict::column(setting::Column::Key)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.0.conn)
            .await?;
            drop(turn);
            setting::Entity::find_by_id(key.to_string())
                .one(&self.0.conn)
                .await?
                .map(|m| m.value)
                .ok_or_else(|| DomainError::internal(format!("setting {key} vanished")).into())
        })
        .await
    }
}
