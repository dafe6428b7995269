//! The accounts use cases: sign-up, sign-in, refresh and sign-out, staff users and API
//! keys. Handlers call these; the rules live here, the storage behind the ports.

use crate::caller_cache::CachedUsers;
use crate::model::{ApiKey, Caller, NewApiKey, NewUser, Organisation, User};
use crate::password::{self, Password, Verified};
use crate::permission::Role;
use crate::ports::{
    AccountLinkRepository, ApiKeyRepository, AuditRepository, OrganisationRepository, Rotation,
    SessionRepository, SettingsRepository, UserRepository,
};
use crate::token;
use chrono::{DateTime, Duration, Utc};
use crm_core::Email;
use crm_core::error::Errors;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult, Principal};
use std::sync::Arc;
use uuid::Uuid;

mod links;
mod staff;

pub use links::{
    EMAILS_PER_ADDRESS_PER_HOUR, EMAILS_PER_ORGANISATION_PER_HOUR, INVITATION_TTL_DAYS,
    InviteRefused, RESET_TTL_MINUTES, SendBudget,
};

/// How many of an email's accounts (one per organisation) a sign-in that names no
/// organisation tries, oldest first: each is one password hash check.
pub const LOGIN_CANDIDATES: u64 = 5;

/// How long a refresh token lives without being used.
pub const REFRESH_TTL_DAYS: i64 = 30;

/// The accounts use cases; the ports stay behind them.
#[derive(Clone)]
pub struct AccountsService {
    organisations: Arc<dyn OrganisationRepository>,
    users: Arc<dyn UserRepository>,
    api_keys: Arc<dyn ApiKeyRepository>,
    sessions: Arc<dyn SessionRepository>,
    audit: Arc<dyn AuditRepository>,
    settings: Arc<dyn SettingsRepository>,
    links: Arc<dyn AccountLinkRepository>,
    /// Where the staff app lives: the links in account emails open it.
    app_url: String,
    dummy_hash: Arc<tokio::sync::OnceCell<String>>,
}

/// A signed-in user with a fresh refresh token (the access token is minted by the API).
#[derive(Debug)]
pub struct Session {
    pub user: User,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
}

/// A new API key with its secret, shown once.
#[derive(Debug)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// What sign-up asks for.
#[derive(Debug, Clone)]
pub struct Signup {
    pub organisation_name: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// A user to invite.
#[derive(Debug, Clone)]
pub struct Invite {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub password: String,
}

fn check_name(errors: &mut Errors, field: &str, value: &str, max: usize) -> String {
    // The documented limit applies to the value as sent, before trimming.
    let v = value.trim();
    if v.is_empty() || value.chars().count() > max {
        errors.push(
            field,
            "invalid_length",
            format!("must be 1 to {max} characters"),
        );
    }
    v.to_string()
}

/// The email and password of a new user, each error collected in `errors`.
fn credentials(
    errors: &mut Errors,
    email: &str,
    password: &str,
) -> (Option<Email>, Option<Password>) {
    let email = Email::parse(email, "email")
        .map_err(|e| errors.extend(vec![e]))
        .ok();
    let password = Password::parse(password, "password")
        .map_err(|e| errors.extend(vec![e]))
        .ok();
    (email, password)
}

impl AccountsService {
    pub fn new(
        organisations: Arc<dyn OrganisationRepository>,
        users: Arc<dyn UserRepository>,
        api_keys: Arc<dyn ApiKeyRepository>,
        sessions: Arc<dyn SessionRepository>,
        audit: Arc<dyn AuditRepository>,
        settings: Arc<dyn SettingsRepository>,
        links: Arc<dyn AccountLinkRepository>,
    ) -> Self {
        Self {
            organisations,
            users,
            api_keys,
            sessions,
            audit,
            settings,
            links,
            app_url: "http://127.0.0.1:8080".into(),
            dummy_hash: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    /// Remembers for `ttl` the users that access tokens name, forgetting one as soon as
    /// this process changes it (decision 0015); a zero `ttl` reads them every time.
    pub fn remember_callers_for(mut self, ttl: std::time::Duration) -> Self {
        if !ttl.is_zero() {
            self.users = Arc::new(CachedUsers::new(self.users, ttl));
        }
        self
    }

    /// Makes the links of account emails open the staff app at `url` (no trailing `/`).
    pub fn linking_to(mut self, url: &str) -> Self {
        self.app_url = url.trim_end_matches('/').to_string();
        self
    }

    /// Creates an organisation and its owner, and signs the owner in.
    pub async fn signup(
        &self,
        input: Signup,
        request_id: Option<String>,
    ) -> DomainResult<(Organisation, Session)> {
        let mut errors = Errors::new();
        let org_name = check_name(
            &mut errors,
            "organisation_name",
            &input.organisation_name,
            200,
        );
        let name = check_name(&mut errors, "name", &input.name, 200);
        let (email, password) = credentials(&mut errors, &input.email, &input.password);
        let (Some(email), Some(password)) = errors.finish((email, password))? else {
            return Err(DomainError::internal("validated fields missing"));
        };
        let owner = NewUser {
            email,
            name,
            role: Role::Owner,
            password_hash: password::hash(password).await?,
        };
        let (org, user) = self
            .organisations
            .create_with_owner(&org_name, owner, request_id)
            .await?;
        let session = self.start_session(user).await?;
        Ok((org, session))
    }

    /// Checks an email and password. An email may have an account in several
    /// organisations: the password is checked against each of them, oldest first and
    /// at most [`LOGIN_CANDIDATES`], or against the one in `organisation` when it is
    /// named, and the first it opens is signed in. Unknown emails, wrong passwords and
    /// deactivated users all answer `InvalidCredentials` after at least one hash check.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        organisation: Option<OrgId>,
    ) -> DomainResult<Session> {
        let candidates = match Email::parse(email, "email") {
            Ok(e) => {
                self.users
                    .find_for_login(&e, organisation, LOGIN_CANDIDATES)
                    .await?
            }
            Err(_) => Vec::new(),
        };
        if candidates.is_empty() {
            let dummy = self
                .dummy_hash
                .get_or_try_init(password::dummy_hash)
                .await?
                .clone();
            let _ = password::verify(Password::unchecked(password), dummy).await?;
            return Err(DomainError::InvalidCredentials);
        }
        for (user, hash) in candidates {
            let rehash = match password::verify(Password::unchecked(password), hash).await? {
                Verified::No => continue,
                Verified::Yes => None,
                Verified::YesRehash => Some(password::hash(Password::unchecked(password)).await?),
            };
            self.users
                .record_login(user.org_id, user.id, rehash)
                .await?;
            return self.start_session(user).await;
        }
        Err(DomainError::InvalidCredentials)
    }

    async fn start_session(&self, user: User) -> DomainResult<Session> {
        let refresh_token = token::new_refresh_token();
        let expires = Utc::now() + Duration::days(REFRESH_TTL_DAYS);
        self.sessions
            .create(
                user.org_id,
                user.id,
                Uuid::now_v7(),
                &token::digest(&refresh_token),
                expires,
            )
            .await?;
        Ok(Session {
            user,
            refresh_token,
            refresh_expires_at: expires,
        })
    }

    /// Spends a refresh token for a new one. A token presented twice revokes its family:
    /// whoever stole it and whoever owns it both have to sign in again.
    pub async fn refresh(&self, refresh_token: &str) -> DomainResult<Session> {
        let new_token = token::new_refresh_token();
        let expires = Utc::now() + Duration::days(REFRESH_TTL_DAYS);
        let outcome = self
            .sessions
            .rotate(
                &token::digest(refresh_token),
                &token::digest(&new_token),
                expires,
            )
            .await?;
        let Rotation::Rotated { org_id, user_id } = outcome else {
            return Err(DomainError::InvalidCredentials);
        };
        let Some(user) = self.users.find_active(org_id, user_id).await? else {
            self.sessions
                .revoke_family(&token::digest(&new_token))
                .await?;
            return Err(DomainError::InvalidCredentials);
        };
        Ok(Session {
            user,
            refresh_token: new_token,
            refresh_expires_at: expires,
        })
    }

    /// Ends the session a refresh token belongs to. Unknown tokens are ignored.
    pub async fn logout(&self, refresh_token: &str) -> DomainResult<()> {
        self.sessions
            .revoke_family(&token::digest(refresh_token))
            .await?;
        Ok(())
    }

    /// Resolves a bearer API key to its caller.
    pub async fn authenticate_api_key(&self, raw: &str) -> DomainResult<Option<Caller>> {
        if !token::looks_like_api_key(raw) {
            return Ok(None);
        }
        let key = self.api_keys.authenticate(&token::digest(raw)).await?;
        Ok(key.map(|k| Caller {
            org_id: k.org_id,
            principal: Principal::ApiKey(k.id),
            role: k.role,
        }))
    }

    /// Resolves the user a verified access token names, if still active.
    pub async fn authenticate_user(
        &self,
        org_id: crm_core::ids::OrgId,
        user_id: crm_core::ids::UserId,
    ) -> DomainResult<Option<Caller>> {
        let user = self.users.find_active(org_id, user_id).await?;
        Ok(user.map(|u| Caller {
            org_id: u.org_id,
            principal: Principal::User(u.id),
            role: u.role,
        }))
    }

    /// Invites a staff user. Only an owner may create another owner.
    pub async fn invite(
        &self,
        actor: &Actor,
        actor_role: Role,
        input: Invite,
    ) -> DomainResult<User> {
        let mut errors = Errors::new();
        let name = check_name(&mut errors, "name", &input.name, 200);
        let (email, password) = credentials(&mut errors, &input.email, &input.password);
        if input.role == Role::Owner && actor_role != Role::Owner {
            errors.push(
                "role",
                "forbidden_role",
                "only an owner may make another owner",
            );
        }
        let (Some(email), Some(password)) = errors.finish((email, password))? else {
            return Err(DomainError::internal("validated fields missing"));
        };
        let user = NewUser {
            email,
            name,
            role: input.role,
            password_hash: password::hash(password).await?,
        };
        self.users.create(actor, user).await
    }

    /// Creates an API key with `role`, which may not exceed the creator's own.
    pub async fn create_api_key(
        &self,
        actor: &Actor,
        actor_role: Role,
        name: &str,
        role: Role,
        expires_at: Option<DateTime<Utc>>,
    ) -> DomainResult<CreatedApiKey> {
        let mut errors = Errors::new();
        let name = check_name(&mut errors, "name", name, 200);
        if role == Role::Owner && actor_role != Role::Owner {
            errors.push(
                "role",
                "forbidden_role",
                "only an owner may create an owner key",
            );
        }
        if expires_at.is_some_and(|t| t <= Utc::now()) {
            errors.push("expires_at", "in_the_past", "must be in the future");
        }
        errors.finish(())?;
        let secret = token::new_api_key();
        let key = self
            .api_keys
            .create(
                actor,
                NewApiKey {
                    name,
                    role,
                    prefix: token::display_prefix(&secret),
                    secret_digest: token::digest(&secret),
                    expires_at,
                },
            )
            .await?;
        Ok(CreatedApiKey { key, secret })
    }
}
