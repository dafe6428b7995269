//! The ports persistence implements. Every method that reads or writes tenant data takes
//! an [`Actor`]: the adapter scopes the query by its organisation and writes the audit
//! entry and outbox event of a change in the change's own transaction.

use crate::audit::{AuditEvent, AuditQuery};
use crate::model::{
    AccountLink, ApiKey, LinkPurpose, NewApiKey, NewUser, Organisation, OrganisationPatch, User,
    UserPatch,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::Email;
use crm_core::filter::Filter;
use crm_core::ids::{OrgId, UserId};
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use uuid::Uuid;

#[async_trait]
pub trait OrganisationRepository: Send + Sync {
    /// Creates an organisation and its owner in one transaction, audited.
    async fn create_with_owner(
        &self,
        name: &str,
        owner: NewUser,
        request_id: Option<String>,
    ) -> DomainResult<(Organisation, User)>;

    async fn get(&self, actor: &Actor) -> DomainResult<Organisation>;
    /// Applies `patch` to the actor's organisation if its version equals `if_version`.
    async fn update(
        &self,
        actor: &Actor,
        patch: OrganisationPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Organisation>;
}

#[async_trait]
pub trait UserRepository: Send + Sync {
    async fn create(&self, actor: &Actor, user: NewUser) -> DomainResult<User>;
    async fn get(&self, actor: &Actor, id: UserId) -> DomainResult<User>;
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        page: &PageRequest,
    ) -> DomainResult<Page<User>>;
    /// Applies `patch` if the stored version equals `if_version` (when given).
    async fn update(
        &self,
        actor: &Actor,
        id: UserId,
        patch: UserPatch,
        if_version: Option<i64>,
    ) -> DomainResult<User>;
    /// Hides the user from reads and sign-in; `restore` brings it back.
    async fn delete(&self, actor: &Actor, id: UserId, if_version: Option<i64>) -> DomainResult<()>;
    async fn restore(&self, actor: &Actor, id: UserId) -> DomainResult<User>;
    /// Sign-in crosses organisations by nature: an email is unique within an
    /// organisation only. Returns the users with this email that may sign in, in
    /// `organisation` when one is named, oldest first, at most `limit`, each with its
    /// password hash.
    async fn find_for_login(
        &self,
        email: &Email,
        organisation: Option<OrgId>,
        limit: u64,
    ) -> DomainResult<Vec<(User, String)>>;
    /// Records a successful sign-in, storing a stronger hash when one is given.
    async fn record_login(
        &self,
        org_id: OrgId,
        id: UserId,
        new_hash: Option<String>,
    ) -> DomainResult<()>;
    /// The active, undeleted user a token names, or `None`.
    async fn find_active(&self, org_id: OrgId, id: UserId) -> DomainResult<Option<User>>;
}

/// The single-use links emailed to staff (invitations, password resets): each stored as
/// its secret's digest with the message that carries it, queued in the same
/// transaction.
#[async_trait]
pub trait AccountLinkRepository: Send + Sync {
    /// Creates an invited user, who cannot sign in until they accept, stores `link`
    /// and queues its email, in one transaction.
    async fn create_invited(
        &self,
        actor: &Actor,
        user: NewUser,
        link: AccountLink,
    ) -> DomainResult<User>;
    /// Stores `link` for user `id` of `org` and queues its email, voiding the user's
    /// unspent links of the same purpose.
    async fn send(&self, org: OrgId, id: UserId, link: AccountLink) -> DomainResult<()>;
    /// Spends the unspent, unexpired link of `purpose` whose secret has `digest`, if its
    /// user can still use it (invited for an invitation, active for a reset): stores
    /// `password_hash`, activates an invited user, ends a reset user's sessions and
    /// voids their other links, audited as the user. The user, or `None` when no link
    /// qualifies.
    async fn spend(
        &self,
        purpose: LinkPurpose,
        digest: &str,
        password_hash: String,
    ) -> DomainResult<Option<User>>;
}

#[async_trait]
pub trait ApiKeyRepository: Send + Sync {
    async fn create(&self, actor: &Actor, key: NewApiKey) -> DomainResult<ApiKey>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiKey>;
    async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<ApiKey>>;
    async fn revoke(&self, actor: &Actor, id: Uuid) -> DomainResult<ApiKey>;
    /// Makes the live staff user `to` the key's creator, whose deletion it follows.
    async fn transfer(&self, actor: &Actor, id: Uuid, to: UserId) -> DomainResult<ApiKey>;
    /// The live (unrevoked, unexpired) key with this secret digest, or `None`.
    async fn authenticate(&self, digest: &str) -> DomainResult<Option<ApiKey>>;
}

/// The outcome of presenting a refresh token.
#[derive(Debug, Clone, PartialEq)]
pub enum Rotation {
    /// The token was live; it is now spent and a new one replaces it.
    Rotated {
        org_id: OrgId,
        user_id: UserId,
    },
    /// The token had already been spent: its whole family is now revoked.
    Reused,
    Unknown,
}

#[async_trait]
pub trait SessionRepository: Send + Sync {
    async fn create(
        &self,
        org_id: OrgId,
        user_id: UserId,
        family_id: Uuid,
        digest: &str,
        expires_at: DateTime<Utc>,
    ) -> DomainResult<()>;
    /// Spends `old_digest` and stores `new_digest` in the same family, atomically.
    async fn rotate(
        &self,
        old_digest: &str,
        new_digest: &str,
        expires_at: DateTime<Utc>,
    ) -> DomainResult<Rotation>;
    /// Revokes the family of the token with this digest (sign-out).
    async fn revoke_family(&self, digest: &str) -> DomainResult<bool>;
}

#[async_trait]
pub trait AuditRepository: Send + Sync {
    async fn list(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        page: &PageRequest,
    ) -> DomainResult<Page<AuditEvent>>;
}

/// Instance-wide settings shared by every replica (for example the generated JWT secret).
#[async_trait]
pub trait SettingsRepository: Send + Sync {
    /// The stored value of `key`, storing `init` first if there is none.
    async fn get_or_init(&self, key: &str, init: String) -> DomainResult<String>;
}
