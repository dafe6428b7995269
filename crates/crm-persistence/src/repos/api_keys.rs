//! The API-key repository.

use super::role;
use crate::db::Db;
use crate::entities::api_key;
use crate::error::ConflictAs;
use crate::error::{Result, port};
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::{scoped, update_in};
use crate::time;
use async_trait::async_trait;
use crm_accounts::model::{ApiKey, NewApiKey};
use crm_accounts::ports::ApiKeyRepository;
use crm_core::ids::{OrgId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

pub(crate) struct ApiKeys(pub Db);

/// The organisation's key `id`, locked for the rest of `c`'s transaction.
async fn locked<C: sea_orm::ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<api_key::Model> {
    Ok(scoped::<api_key::Entity>(actor)
        .filter(api_key::Column::Id.eq(id))
        .lock_exclusive()
        .one(c)
        .await?
        .ok_or(DomainError::not_found("api_key"))?)
}

/// Revokes a live key's row and journals it, in `c`'s transaction.
async fn revoke_row<C: sea_orm::ConnectionTrait>(
    c: &C,
    actor: &Actor,
    m: api_key::Model,
) -> Result<ApiKey> {
    let id = m.id;
    let before = to_domain(m.clone())?;
    let now = time::now();
    let mut am: api_key::ActiveModel = m.into();
    am.revoked_at = Set(Some(now));
    am.updated_at = Set(now);
    am.version = Set(before.version + 1);
    let after = to_domain(am.update(c).await?)?;
    journal::record_change(
        c,
        actor,
        crm_accounts::events::API_KEY_REVOKED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Revokes every live key `user` created, in `c`'s transaction: a key dies with its
/// creator (deleted or deactivated) unless an owner transferred it first.
pub(crate) async fn revoke_created_by<C: sea_orm::ConnectionTrait>(
    c: &C,
    actor: &Actor,
    user: Uuid,
) -> Result<()> {
    let keys = scoped::<api_key::Entity>(actor)
        .filter(api_key::Column::CreatedBy.eq(user))
        .filter(api_key::Column::RevokedAt.is_null())
        .lock_exclusive()
        .all(c)
        .await?;
    for m in keys {
        revoke_row(c, actor, m).await?;
    }
    Ok(())
}

/// `last_used_at` is written at most this often per key, not on every request.
const TOUCH_EVERY_SECONDS: i64 = 60;

fn to_domain(m: api_key::Model) -> Result<ApiKey> {
    Ok(ApiKey {
        id: m.id,
        org_id: OrgId(m.org_id),
        name: m.name,
        role: role(&m.role)?,
        prefix: m.prefix,
        created_by: m.created_by.map(crm_core::ids::UserId),
        last_used_at: m.last_used_at,
        expires_at: m.expires_at,
        revoked_at: m.revoked_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

impl Keyed for api_key::Model {
    fn id_column() -> Expr {
        Expr::col((api_key::Entity, api_key::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "name" => api_key::Column::Name,
            _ => api_key::Column::CreatedAt,
        };
        Expr::col((api_key::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "name" => CursorValue::Text(self.name.clone()),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

#[async_trait]
impl ApiKeyRepository for ApiKeys {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, new: NewApiKey) -> DomainResult<ApiKey> {
        port(async {
            let now = time::now();
            let txn = self.0.begin_write().await?;
            let m = api_key::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                name: Set(new.name),
                role: Set(new.role.as_str().to_string()),
                prefix: Set(new.prefix),
                secret_digest: Set(new.secret_digest),
                created_by: Set(actor.principal.id()),
                last_used_at: Set(None),
                expires_at: Set(new.expires_at.map(time::trunc)),
                revoked_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(&txn)
            .await
            .conflict_as("an API key with this secret already exists")?;
            let key = to_domain(m)?;
            journal::record_change(
                &txn,
                actor,
                crm_accounts::events::API_KEY_CREATED,
                key.id,
                None,
                Some(&key),
            )
            .await?;
            txn.commit().await?;
            Ok(key)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiKey> {
        port(async {
            let m = scoped::<api_key::Entity>(actor)
                .filter(api_key::Column::Id.eq(id))
                .one(&self.0.conn)
                .await?
                .ok_or(DomainError::not_found("api_key"))?;
            to_domain(m)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<ApiKey>> {
        port(async {
            let q = scoped::<api_key::Entity>(actor);
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(to_domain)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn revoke(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiKey> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = locked(&txn, actor, id).await?;
            if m.revoked_at.is_some() {
                txn.commit().await?;
                return to_domain(m);
            }
            let after = revoke_row(&txn, actor, m).await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn transfer(&self, actor: &Actor, id: Uuid, to: UserId) -> DomainResult<ApiKey> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = locked(&txn, actor, id).await?;
            if m.revoked_at.is_some() {
                return Err(DomainError::conflict("the key is revoked").into());
            }
            if m.created_by == Some(to.0) {
                txn.commit().await?;
                return to_domain(m);
            }
            let before = to_domain(m.clone())?;
            let mut am: api_key::ActiveModel = m.into();
            am.created_by = Set(Some(to.0));
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let after = to_domain(am.update(&txn).await?)?;
            journal::record_change(
                &txn,
                actor,
                crm_accounts::events::API_KEY_TRANSFERRED,
                id,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn authenticate(&self, digest: &str) -> DomainResult<Option<ApiKey>> {
        port(async {
            let now = time::now();
            // across organisations: the secret is what tells whose key it is.
            let m = api_key::Entity::find()
                .filter(api_key::Column::SecretDigest.eq(digest))
                .filter(api_key::Column::RevokedAt.is_null())
                .filter(
                    Condition::any()
                        .add(api_key::Column::ExpiresAt.is_null())
                        .add(api_key::Column::ExpiresAt.gt(now)),
                )
                .one(&self.0.conn)
                .await?;
            let Some(m) = m else { return Ok(None) };
            let stale = m
                .last_used_at
                .is_none_or(|t| (now - t).num_seconds() >= TOUCH_EVERY_SECONDS);
            if stale {
                let _turn = self.0.turn().await;
                update_in::<api_key::Entity>(OrgId(m.org_id))
                    .col_expr(api_key::Column::LastUsedAt, Expr::val(now))
                    .filter(api_key::Column::Id.eq(m.id))
                    .exec(&self.0.conn)
                    .await?;
            }
            to_domain(m).map(Some)
        })
        .await
    }
}
