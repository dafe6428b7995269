//! The single-use links emailed to staff: stored as digests beside the email that
//! carries them, in one transaction; spent by one conditional write.

use super::users::{self, revoke_sessions, to_domain};
use super::webhooks::emails;
use crate::db::Db;
use crate::entities::{account_token, user};
use crate::error::Result;
use crate::journal;
use crate::record::{in_org, store, update_in};
use crate::time;
use async_trait::async_trait;
use crm_accounts::model::{AccountLink, LinkPurpose, NewUser, User, UserStatus};
use crm_accounts::ports::AccountLinkRepository;
use crm_core::ids::{OrgId, UserId};
use crm_core::{Actor, DomainError, DomainResult, Principal};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub(crate) struct AccountLinks(pub Db);

/// Voids `user`'s unspent links of `purpose`, stores `link` and queues its email.
async fn store_link<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    user: Uuid,
    link: AccountLink,
) -> Result<()> {
    let now = time::now();
    void_links(c, org, user, link.purpose, now).await?;
    let id = Uuid::now_v7();
    account_token::Entity::insert(account_token::ActiveModel {
        id: Set(id),
        org_id: Set(org.0),
        user_id: Set(user),
        purpose: Set(link.purpose.as_str().into()),
        token_digest: Set(link.digest),
        expires_at: Set(link.expires_at),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(c)
    .await?;
    let email = crm_delivery::email::Email {
        to: link.email.to,
        subject: link.email.subject,
        text: link.email.text,
        key: format!("account_link:{id}"),
    };
    emails::enqueue(c, org, vec![email]).await
}

async fn void_links<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    user: Uuid,
    purpose: LinkPurpose,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    update_in::<account_token::Entity>(org)
        .col_expr(account_token::Column::UsedAt, Expr::val(now))
        .filter(account_token::Column::UserId.eq(user))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(c)
        .await?;
    Ok(())
}

/// Spends the link inside `c`: the user it changed, or `None` when none qualifies.
async fn spend_in<C: ConnectionTrait>(
    c: &C,
    purpose: LinkPurpose,
    digest: &str,
    password_hash: String,
) -> Result<Option<User>> {
    let now = time::now();
    // across organisations: the link's secret is what names the account.
    let Some(token) = account_token::Entity::find()
        .filter(account_token::Column::TokenDigest.eq(digest))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    let org = OrgId(token.org_id);
    let wanted = match purpose {
        LinkPurpose::Invitation => UserStatus::Invited,
        LinkPurpose::PasswordReset => UserStatus::Active,
    };
    let Some(m) = in_org::<user::Entity>(org)
        .filter(user::Column::Id.eq(token.user_id))
        .filter(user::Column::Status.eq(wanted.as_str()))
        .filter(user::Column::DeletedAt.is_null())
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    // The conditional write is the spend: of two requests with one link, one wins.
    let spent = update_in::<account_token::Entity>(org)
        .col_expr(account_token::Column::UsedAt, Expr::val(now))
        .filter(account_token::Column::Id.eq(token.id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(c)
        .await?;
    if spent.rows_affected != 1 {
        return Ok(None);
    }
    let before = to_domain(m.clone())?;
    let changed = update_in::<user::Entity>(org)
        .col_expr(user::Column::PasswordHash, Expr::val(password_hash))
        .col_expr(user::Column::Status, Expr::val(UserStatus::Active.as_str()))
        .col_expr(user::Column::UpdatedAt, Expr::val(now))
        .col_expr(user::Column::Version, Expr::val(before.version + 1))
        .filter(user::Column::Id.eq(m.id))
        .filter(user::Column::Version.eq(before.version))
        .exec(c)
        .await?;
    if changed.rows_affected != 1 {
        // Changed meanwhile: the transaction rolls back and the link stays unspent.
        return Err(DomainError::conflict("the user changed meanwhile; try the link again").into());
    }
    let after = User {
        status: UserStatus::Active,
        updated_at: now,
        version: before.version + 1,
        ..before.clone()
    };
    let actor = Actor::new(org, Principal::User(UserId(m.id)), None);
    let event = match purpose {
        LinkPurpose::Invitation => crm_accounts::events::USER_UPDATED,
        LinkPurpose::PasswordReset => {
            revoke_sessions(c, m.id).await?;
            crm_accounts::events::USER_PASSWORD_RESET
        }
    };
    void_links(c, org, m.id, purpose, now).await?;
    journal::record_change(c, &actor, event, m.id, Some(&before), Some(&after)).await?;
    Ok(Some(after))
}

#[async_trait]
impl AccountLinkRepository for AccountLinks {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create_invited(
        &self,
        actor: &Actor,
        new: NewUser,
        link: AccountLink,
    ) -> DomainResult<User> {
        store::write(&self.0, async |txn| {
            let u = users::insert(txn, actor, Uuid::now_v7(), new, UserStatus::Invited).await?;
            store_link(txn, actor.org_id, u.id.0, link).await?;
            Ok(u)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %org, %id))]
    async fn send(&self, org: OrgId, id: UserId, link: AccountLink) -> DomainResult<()> {
        store::write(&self.0, async |txn| store_link(txn, org, id.0, link).await).await
    }

    #[tracing::instrument(skip_all)]
    async fn spend(
        &self,
        purpose: LinkPurpose,
        digest: &str,
        password_hash: String,
    ) -> DomainResult<Option<User>> {
        store::write(&self.0, async |txn| {
            spend_in(txn, purpose, digest, password_hash).await
        })
        .await
    }
}
