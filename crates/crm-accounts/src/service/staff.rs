//! The organisation's own records: its settings, staff users, API keys and audit log.

use super::AccountsService;
use crate::audit::{AuditEvent, AuditQuery};
use crate::model::{ApiKey, Organisation, OrganisationPatch, User, UserPatch};
use crm_core::filter::Filter;
use crm_core::ids::UserId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
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

    /// Changes a staff user, if the version still matches.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        patch: UserPatch,
        if_version: Option<i64>,
    ) -> DomainResult<User> {
        self.users.update(actor, id, patch, if_version).await
    }

    /// Hides a staff user from reads and sign-in, if the version still matches.
    pub async fn delete_user(
        &self,
        actor: &Actor,
        id: UserId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.users.delete(actor, id, if_version).await
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
