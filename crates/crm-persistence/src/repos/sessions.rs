//! The refresh-token repository: rotation with reuse detection.

use crate::db::Db;
use crate::entities::refresh_token;
use crate::error::{Result, port};
use crate::time;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_accounts::ports::{Rotation, SessionRepository};
use crm_core::DomainResult;
use crm_core::ids::{OrgId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use uuid::Uuid;

pub(crate) struct Sessions(pub Db);

async fn revoke_family<C: ConnectionTrait>(c: &C, family: Uuid) -> Result<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::val(time::now()))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(c)
        .await?;
    Ok(())
}

#[async_trait]
impl SessionRepository for Sessions {
    #[tracing::instrument(skip_all, fields(org = %org_id))]
    async fn create(
        &self,
        org_id: OrgId,
        user_id: UserId,
        family_id: Uuid,
        digest: &str,
        expires_at: DateTime<Utc>,
    ) -> DomainResult<()> {
        let user_id = user_id.0;
        port(async {
            let _turn = self.0.turn().await;
            refresh_token::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(org_id.0),
                user_id: Set(user_id),
                family_id: Set(family_id),
                token_digest: Set(digest.to_string()),
                expires_at: Set(time::trunc(expires_at)),
                spent_at: Set(None),
                revoked_at: Set(None),
                created_at: Set(time::now()),
            }
            .insert(&self.0.conn)
            .await?;
            Ok(())
        })
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn rotate(
        &self,
        old_digest: &str,
        new_digest: &str,
        expires_at: DateTime<Utc>,
    ) -> DomainResult<Rotation> {
        port(async {
            let now = time::now();
            let txn = self.0.begin_write().await?;
            let Some(old) = refresh_token::Entity::find()
                .filter(refresh_token::Column::TokenDigest.eq(old_digest))
                .one(&txn)
                .await
                ?
            else {
                return Ok(Rotation::Unknown);
            };
            if old.revoked_at.is_some() || old.expires_at <= now {
                return Ok(Rotation::Unknown);
            }
            // Spend the token only if nobody else spent it first.
            let spent = refresh_token::Entity::update_many()
                .col_expr(refresh_token::Column::SpentAt, Expr::val(now))
                .filter(refresh_token::Column::Id.eq(old.id))
                .filter(refresh_token::Column::SpentAt.is_null())
                .exec(&txn)
                .await
                ?;
            if spent.rows_affected == 0 {
                revoke_family(&txn, old.family_id).await?;
                txn.commit().await?;
                tracing::warn!(family = %old.family_id, "refresh token reused; session family revoked");
                return Ok(Rotation::Reused);
            }
            refresh_token::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(old.org_id),
                user_id: Set(old.user_id),
                family_id: Set(old.family_id),
                token_digest: Set(new_digest.to_string()),
                expires_at: Set(time::trunc(expires_at)),
                spent_at: Set(None),
                revoked_at: Set(None),
                created_at: Set(now),
            }
            .insert(&txn)
            .await
            ?;
            txn.commit().await?;
            Ok(Rotation::Rotated {
                org_id: OrgId(old.org_id),
                user_id: crm_core::ids::UserId(old.user_id),
            })
        })
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn revoke_family(&self, digest: &str) -> DomainResult<bool> {
        port(async {
            let found = refresh_token::Entity::find()
                .filter(refresh_token::Column::TokenDigest.eq(digest))
                .one(&self.0.conn)
                .await?;
            match found {
                Some(t) => {
                    let _turn = self.0.turn().await;
                    revoke_family(&self.0.conn, t.family_id).await?;
                    Ok(true)
                }
                None => Ok(false),
            }
        })
        .await
    }
}
