//! The organisation's own records: its settings, staff users, API keys and audit log.

use super::AccountsService;
use crate::audit::{AuditEvent, AuditQuery};
use crate::model::{ApiKey, Organisation, OrganisationPatch, User, UserPatch, UserStatus};
use crate::permission::Role;
use crm_core::filter::Filter;
use crm_core::ids::UserId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult};
use uuid::Uuid;

impl AccountsService {
    /// The actor's organisation.
    pub async fn organisation(&self, actor: &Actor) -> DomainResult<Organisation> {
        self.organisations.get(actor).await
    }

    /// Changes the actor's organisation, if the version still matches.
    pub async fn update_organisation(
        &self,
        actor: &Actor,
        patch: OrganisationPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Organisation> {
        self.organisations.update(actor, patch, if_version).await
    }

    /// A staff user of the actor's organisation.
    pub async fn user(&self, actor: &Actor, id: UserId) -> DomainResult<User> {
        self.users.get(actor, id).await
    }

    /// The organisation's staff users matching `filter`.
    pub async fn users(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        page: &PageRequest,
    ) -> DomainResult<Page<User>> {
        self.users.list(actor, filter, page).await
    }

    /// Changes a staff user, if the version still matches; `by` is the caller's role
    /// (only an owner changes an owner). Only an invitation makes a user `invited`, and
    /// only accepting it makes them `active`: an invited user's status stays as it is
    /// (delete the user to withdraw the invitation).
    pub async fn update_user(
        &self,
        actor: &Actor,
        by: Role,
        id: UserId,
        mut patch: UserPatch,
        if_version: Option<i64>,
    ) -> DomainResult<User> {
        self.only_owners_touch_owners(actor, by, id).await?;
        if let Some(to) = patch.status {
            let now = self.users.get(actor, id).await?.status;
            match (now, to) {
                (UserStatus::Invited, UserStatus::Invited) => patch.status = None,
                (UserStatus::Invited, _) => {
                    return Err(DomainError::field(
                        "status",
                        "invited",
                        "an invited user becomes active by accepting the invitation; delete the user to withdraw it",
                    ));
                }
                (_, UserStatus::Invited) => {
                    return Err(DomainError::field(
                        "status",
                        "invalid_transition",
                        "only an invitation makes a user invited",
                    ));
                }
                _ => {}
            }
        }
        self.users.update(actor, id, patch, if_version).await
    }

    /// Hides a staff user from reads and sign-in, if the version still matches, and
    /// revokes the API keys they created (an owner transfers a key to keep it).
    pub async fn delete_user(
        &self,
        actor: &Actor,
        by: Role,
        id: UserId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.only_owners_touch_owners(actor, by, id).await?;
        self.users.delete(actor, id, if_version).await
    }

    /// An owner is changed, deactivated or deleted by an owner only: an admin could
    /// otherwise demote the owners and take the organisation.
    async fn only_owners_touch_owners(
        &self,
        actor: &Actor,
        by: Role,
        id: UserId,
    ) -> DomainResult<()> {
        if by == Role::Owner {
            return Ok(());
        }
        if self.users.get(actor, id).await?.role == Role::Owner {
            return Err(DomainError::Forbidden(
                "only an owner may change or delete an owner".into(),
            ));
        }
        Ok(())
    }

    /// Brings a deleted staff user back.
    pub async fn restore_user(&self, actor: &Actor, id: UserId) -> DomainResult<User> {
        self.users.restore(actor, id).await
    }

    /// An API key of the organisation (never its secret).
    pub async fn api_key(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiKey> {
        self.api_keys.get(actor, id).await
    }

    /// The organisation's API keys, newest first.
    pub async fn api_keys(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<ApiKey>> {
        self.api_keys.list(actor, page).await
    }

    /// Revokes an API key at once; it stays listed.
    pub async fn revoke_api_key(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiKey> {
        self.api_keys.revoke(actor, id).await
    }

    /// Hands a live key to another active staff user, so it outlives its creator; an
    /// owner's decision only (`by` is the caller's role).
    pub async fn transfer_api_key(
        &self,
        actor: &Actor,
        by: Role,
        id: Uuid,
        to: UserId,
    ) -> DomainResult<ApiKey> {
        if by != Role::Owner {
            return Err(DomainError::Forbidden(
                "only an owner may transfer an API key".into(),
            ));
        }
        let user = self.users.get(actor, to).await.map_err(|e| match e {
            DomainError::NotFound { .. } => {
                DomainError::field("user_id", "not_found", "no staff user has this id")
            }
            e => e,
        })?;
        if user.status != UserStatus::Active {
            return Err(DomainError::field(
                "user_id",
                "inactive",
                "the staff user is deactivated",
            ));
        }
        self.api_keys.transfer(actor, id, to).await
    }

    /// The organisation's audit log matching `query`, newest first.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        page: &PageRequest,
    ) -> DomainResult<Page<AuditEvent>> {
        self.audit.list(actor, query, page).await
    }

    /// The instance-wide setting `key`, storing `init` first if it has none (the secret
    /// access tokens are signed with, shared by every replica).
    pub async fn setting_or_init(&self, key: &str, init: String) -> DomainResult<String> {
        self.settings.get_or_init(key, init).await
    }
}
