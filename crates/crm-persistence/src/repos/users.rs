//! The staff-user repository.

use super::role;
use crate::db::Db;
use crate::entities::{refresh_token, user};
use crate::error::ConflictAs;
use crate::error::{Result, port};
use crate::filter_sql::{self, FieldSql};
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::{self, Record, State, find, in_org, scoped, update_in};
use crate::time;
use async_trait::async_trait;
use crm_accounts::model::{NewUser, User, UserPatch, UserStatus};
use crm_accounts::ports::UserRepository;
use crm_accounts::{Email, Role};
use crm_core::filter::Filter;
use crm_core::ids::{OrgId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult, Principal};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub(crate) struct Users(pub Db);

const EMAIL_TAKEN: &str = "a user of this organisation already has this email";

pub(crate) fn to_domain(m: user::Model) -> Result<User> {
    Ok(User {
        id: UserId(m.id),
        org_id: OrgId(m.org_id),
        role: role(&m.role)?,
        status: UserStatus::parse(&m.status).ok_or_else(|| {
            DomainError::internal(format!("stored status '{}' is unknown", m.status))
        })?,
        email: m.email,
        name: m.name,
        last_login_at: m.last_login_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

impl Record for user::Entity {
    const RESOURCE: &'static str = "user";
    const COLLECTION: &'static str = "users";
    const ID: user::Column = user::Column::Id;
    const VERSION: user::Column = user::Column::Version;
    const UPDATED_AT: user::Column = user::Column::UpdatedAt;
    const DELETED_AT: user::Column = user::Column::DeletedAt;
    const DELETED: crm_core::EventType = crm_accounts::events::USER_DELETED;
    const RESTORED: crm_core::EventType = crm_accounts::events::USER_RESTORED;
    type View = User;

    fn version_of(row: &user::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        _: &C,
        row: user::Model,
    ) -> impl std::future::Future<Output = Result<User>> + Send {
        std::future::ready(to_domain(row))
    }
}

impl Keyed for user::Model {
    fn id_column() -> Expr {
        Expr::col((user::Entity, user::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "email" => user::Column::Email,
            "name" => user::Column::Name,
            _ => user::Column::CreatedAt,
        };
        Expr::col((user::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "email" => CursorValue::Text(self.email.clone()),
            "name" => CursorValue::Text(self.name.clone()),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn column(field: &str) -> Option<FieldSql> {
    let c = match field {
        "email" => user::Column::Email,
        "name" => user::Column::Name,
        "role" => user::Column::Role,
        "status" => user::Column::Status,
        "created_at" => user::Column::CreatedAt,
        "updated_at" => user::Column::UpdatedAt,
        "last_login_at" => user::Column::LastLoginAt,
        _ => return None,
    };
    Some(FieldSql::Column(Expr::col((user::Entity, c))))
}

/// Refuses a change that would leave the organisation without an active owner.
async fn keep_an_owner<C: ConnectionTrait>(c: &C, org: OrgId, losing: Uuid) -> Result<()> {
    let others = in_org::<user::Entity>(org)
        .filter(user::Column::Id.ne(losing))
        .filter(user::Column::Role.eq(Role::Owner.as_str()))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .filter(user::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if others == 0 {
        return Err(
            DomainError::conflict("the organisation must keep at least one active owner").into(),
        );
    }
    Ok(())
}

/// Inserts a user with `status` (used by sign-up and invitations too, inside their
/// transactions).
pub(crate) async fn insert<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    new: NewUser,
    status: UserStatus,
) -> Result<User> {
    let now = time::now();
    let model = user::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        email: Set(new.email.into_inner()),
        name: Set(new.name),
        role: Set(new.role.as_str().to_string()),
        status: Set(status.as_str().to_string()),
        password_hash: Set(new.password_hash),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
    };
    let m = model.insert(c).await.conflict_as(EMAIL_TAKEN)?;
    let u = to_domain(m)?;
    journal::record_change(
        c,
        actor,
        crm_accounts::events::USER_CREATED,
        u.id.0,
        None,
        Some(&u),
    )
    .await?;
    Ok(u)
}

#[async_trait]
impl UserRepository for Users {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, new: NewUser) -> DomainResult<User> {
        crate::record::store::write(&self.0, async |txn| {
            insert(txn, actor, Uuid::now_v7(), new, UserStatus::Active).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn get(&self, actor: &Actor, id: UserId) -> DomainResult<User> {
        let id = id.0;
        port(async {
            to_domain(find::<user::Entity, _>(&self.0.conn, actor, id, State::Live, false).await?)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        page: &PageRequest,
    ) -> DomainResult<Page<User>> {
        port(async {
            let mut q = scoped::<user::Entity>(actor).filter(user::Column::DeletedAt.is_null());
            if let Some(f) = filter {
                q = q.filter(filter_sql::condition(
                    f,
                    &column,
                    self.0.conn.get_database_backend(),
                )?);
            }
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(to_domain)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: UserId,
        patch: UserPatch,
        if_version: Option<i64>,
    ) -> DomainResult<User> {
        let id = id.0;
        port(async {
            let txn = self.0.begin_write().await?;
            let m = find::<user::Entity, _>(&txn, actor, id, State::Live, true).await?;
            record::check_version(m.version, if_version)?;
            let before = to_domain(m.clone())?;
            let demoted = patch.role.is_some_and(|r| r != Role::Owner);
            let deactivated = patch.status == Some(UserStatus::Deactivated);
            if before.role == Role::Owner && (demoted || deactivated) {
                keep_an_owner(&txn, actor.org_id, id).await?;
            }
            if patch.is_empty() {
                txn.commit().await?;
                return Ok(before);
            }
            let mut am: user::ActiveModel = m.into();
            if let Some(name) = patch.name {
                am.name = Set(name);
            }
            if let Some(r) = patch.role {
                am.role = Set(r.as_str().to_string());
            }
            if let Some(s) = patch.status {
                am.status = Set(s.as_str().to_string());
            }
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let after = to_domain(am.update(&txn).await?)?;
            if deactivated {
                revoke_sessions(&txn, id).await?;
                super::api_keys::revoke_created_by(&txn, actor, id).await?;
            }
            journal::record_change(
                &txn,
                actor,
                crm_accounts::events::USER_UPDATED,
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

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: UserId, if_version: Option<i64>) -> DomainResult<()> {
        let id = id.0;
        port(async {
            let txn = self.0.begin_write().await?;
            let m = find::<user::Entity, _>(&txn, actor, id, State::Live, true).await?;
            record::check_version(m.version, if_version)?;
            if actor.principal == Principal::User(UserId(id)) {
                return Err(DomainError::conflict("you cannot delete your own account").into());
            }
            let before = to_domain(m)?;
            if before.role == Role::Owner {
                keep_an_owner(&txn, actor.org_id, id).await?;
            }
            record::mark_deleted::<user::Entity, _>(&txn, actor, id, &before).await?;
            revoke_sessions(&txn, id).await?;
            super::api_keys::revoke_created_by(&txn, actor, id).await?;
            Ok(txn.commit().await?)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: UserId) -> DomainResult<User> {
        let id = id.0;
        port(async {
            let txn = self.0.begin_write().await?;
            let after = record::restore::<user::Entity, _>(
                &txn,
                actor,
                id,
                "the record conflicts with an existing one",
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn find_for_login(
        &self,
        email: &Email,
        organisation: Option<OrgId>,
        limit: u64,
    ) -> DomainResult<Vec<(User, String)>> {
        port(async {
            let q = match organisation {
                Some(org) => in_org::<user::Entity>(org),
                // signing in is what tells whose user it is: across organisations
                None => user::Entity::find(),
            };
            let q = q
                .filter(user::Column::Email.eq(email.as_str()))
                .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
                .filter(user::Column::DeletedAt.is_null());
            let rows = q
                .order_by_asc(user::Column::CreatedAt)
                .order_by_asc(user::Column::Id)
                .limit(limit)
                .all(&self.0.conn)
                .await?;
            rows.into_iter()
                .map(|m| {
                    let hash = m.password_hash.clone();
                    to_domain(m).map(|u| (u, hash))
                })
                .collect()
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %org_id, %id))]
    async fn record_login(
        &self,
        org_id: OrgId,
        id: UserId,
        new_hash: Option<String>,
    ) -> DomainResult<()> {
        let id = id.0;
        port(async {
            let mut q = update_in::<user::Entity>(org_id)
                .col_expr(user::Column::LastLoginAt, Expr::val(time::now()))
                .filter(user::Column::Id.eq(id));
            if let Some(h) = new_hash {
                q = q.col_expr(user::Column::PasswordHash, Expr::val(h));
            }
            let _turn = self.0.turn().await;
            q.exec(&self.0.conn).await?;
            Ok(())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %org_id, %id))]
    async fn find_active(&self, org_id: OrgId, id: UserId) -> DomainResult<Option<User>> {
        let id = id.0;
        port(async {
            let m = in_org::<user::Entity>(org_id)
                .filter(user::Column::Id.eq(id))
                .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
                .filter(user::Column::DeletedAt.is_null())
                .one(&self.0.conn)
                .await?;
            m.map(to_domain).transpose()
        })
        .await
    }
}

/// Ends every session of a user (deactivation, deletion, a password reset).
pub(crate) async fn revoke_sessions<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<()> {
    // across organisations: the user's own sessions, by the id of a user already found.
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::val(time::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(c)
        .await?;
    Ok(())
}
