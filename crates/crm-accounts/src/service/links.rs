//! Account emails: staff invitations (a single-use, expiring link to set a first
//! password, instead of an admin choosing it) and password resets. Each link's secret
//! travels only in the email; its digest is stored with the message, queued in the same
//! transaction, and spending it is one conditional write (decision 0055).

use super::{AccountsService, check_name};
use crate::model::{AccountEmail, AccountLink, LinkPurpose, NewUser, User, UserStatus};
use crate::password::{self, Password};
use crate::permission::Role;
use crate::token;
use async_trait::async_trait;
use chrono::{Duration, Utc};
use crm_core::error::Errors;
use crm_core::ids::{OrgId, UserId};
use crm_core::{Actor, DomainError, DomainResult, Email, FieldError, Principal};

/// How long an invitation link works.
pub const INVITATION_TTL_DAYS: i64 = 7;
/// How long a password-reset link works.
pub const RESET_TTL_MINUTES: i64 = 60;
/// Account emails an address receives in an hour, at most (its inbox is protected from
/// a flood of resets someone else asks for).
pub const EMAILS_PER_ADDRESS_PER_HOUR: u32 = 3;
/// Account emails an organisation sends in an hour, at most.
pub const EMAILS_PER_ORGANISATION_PER_HOUR: u32 = 100;

/// Counts account emails against the hourly limits per address and per organisation
/// (the API's rate limiter, shared by every replica).
#[async_trait]
pub trait SendBudget: Send + Sync {
    /// Counts one email to `address` of `org`: `None` when it may go, else the seconds
    /// until it could.
    async fn spend(&self, address: &str, org: OrgId) -> DomainResult<Option<u64>>;
}

/// Why an invitation could not be sent.
#[derive(Debug)]
pub enum InviteRefused {
    /// The hourly limit of the address or the organisation is spent: retry after this
    /// many seconds.
    Limited(u64),
    Domain(DomainError),
}

impl From<DomainError> for InviteRefused {
    fn from(e: DomainError) -> Self {
        InviteRefused::Domain(e)
    }
}

/// A new secret for a link, and the link to store for it.
fn link(
    purpose: LinkPurpose,
    ttl: Duration,
    email: impl FnOnce(&str) -> AccountEmail,
) -> AccountLink {
    let secret = token::new_refresh_token();
    AccountLink {
        purpose,
        digest: token::digest(&secret),
        expires_at: Utc::now() + ttl,
        email: email(&secret),
    }
}

fn invitation_email(app_url: &str, to: &str, name: &str, org: &str, secret: &str) -> AccountEmail {
    AccountEmail {
        to: to.to_string(),
        subject: format!("You are invited to {org}"),
        text: format!(
            "Hello {name},\n\nYou are invited to join {org}. Choose your password here:\n\n\
             {app_url}/accept-invitation?token={secret}\n\n\
             The link works once, for {INVITATION_TTL_DAYS} days.\n"
        ),
    }
}

fn reset_email(app_url: &str, to: &str, name: &str, org: &str, secret: &str) -> AccountEmail {
    AccountEmail {
        to: to.to_string(),
        subject: format!("Reset your password for {org}"),
        text: format!(
            "Hello {name},\n\nSomeone asked to reset your password for {org}. If it was \
             you, choose a new one here:\n\n{app_url}/reset-password?token={secret}\n\n\
             The link works once, for {RESET_TTL_MINUTES} minutes. If it was not you, \
             ignore this email: your password stays as it is.\n"
        ),
    }
}

/// A link's secret as sent back: the length [`token::new_refresh_token`] makes.
fn secret_digest(secret: &str) -> Result<String, FieldError> {
    if secret.len() != 43
        || !secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(FieldError::new(
            "token",
            "invalid_token",
            "is not a link this server sent, or it was used or has expired",
        ));
    }
    Ok(token::digest(secret))
}

impl AccountsService {
    /// Invites a staff user by email: the user exists at once with the status
    /// `invited` and cannot sign in until they set a password through the link. Only an
    /// owner may invite an owner.
    pub async fn invite_by_email(
        &self,
        actor: &Actor,
        actor_role: Role,
        name: &str,
        email: &str,
        role: Role,
        budget: &dyn SendBudget,
    ) -> Result<User, InviteRefused> {
        let mut errors = Errors::new();
        let name = check_name(&mut errors, "name", name, 200);
        let email = Email::parse(email, "email")
            .map_err(|e| errors.extend(vec![e]))
            .ok();
        if role == Role::Owner && actor_role != Role::Owner {
            errors.push(
                "role",
                "forbidden_role",
                "only an owner may make another owner",
            );
        }
        let Some(email) = errors.finish(email)? else {
            return Err(DomainError::internal("validated fields missing").into());
        };
        if let Some(wait) = budget.spend(email.as_str(), actor.org_id).await? {
            return Err(InviteRefused::Limited(wait));
        }
        let org = self.organisations.get(actor).await?.name;
        let to = email.as_str().to_string();
        let l = link(
            LinkPurpose::Invitation,
            Duration::days(INVITATION_TTL_DAYS),
            |s| invitation_email(&self.app_url, &to, &name, &org, s),
        );
        let user = NewUser {
            email,
            name,
            role,
            password_hash: String::new(),
        };
        Ok(self.links.create_invited(actor, user, l).await?)
    }

    /// Sends an invited user a new invitation; the earlier links stop working.
    pub async fn reinvite(
        &self,
        actor: &Actor,
        id: UserId,
        budget: &dyn SendBudget,
    ) -> Result<User, InviteRefused> {
        let user = self.users.get(actor, id).await?;
        if user.status != UserStatus::Invited {
            return Err(DomainError::conflict(
                "the user has accepted their invitation already: they can reset their password",
            )
            .into());
        }
        if let Some(wait) = budget.spend(&user.email, actor.org_id).await? {
            return Err(InviteRefused::Limited(wait));
        }
        let org = self.organisations.get(actor).await?.name;
        let l = link(
            LinkPurpose::Invitation,
            Duration::days(INVITATION_TTL_DAYS),
            |s| invitation_email(&self.app_url, &user.email, &user.name, &org, s),
        );
        self.links.send(actor.org_id, id, l).await?;
        Ok(user)
    }

    /// Accepts an invitation: sets the first password and signs the user in.
    pub async fn accept_invitation(
        &self,
        secret: &str,
        password: &str,
    ) -> DomainResult<super::Session> {
        let user = self
            .spend_link(LinkPurpose::Invitation, secret, password)
            .await?;
        self.start_session(user).await
    }

    /// Emails a password-reset link to each active account of `email` (in
    /// `organisation` when named), within the hourly limits. Answers the same whether
    /// or not the address has an account, and whether or not a limit held it back; only
    /// an address that is not one is refused.
    pub async fn request_password_reset(
        &self,
        email: &str,
        organisation: Option<OrgId>,
        budget: &dyn SendBudget,
    ) -> DomainResult<()> {
        // A malformed address is refused: that tells nothing about who has an account.
        let email = Email::parse(email, "email").map_err(|e| DomainError::Validation(vec![e]))?;
        let accounts = self
            .users
            .find_for_login(&email, organisation, super::LOGIN_CANDIDATES)
            .await?;
        for (user, _) in accounts {
            if budget.spend(&user.email, user.org_id).await?.is_some() {
                continue;
            }
            let system = Actor::new(user.org_id, Principal::System, None);
            let org = self.organisations.get(&system).await?.name;
            let l = link(
                LinkPurpose::PasswordReset,
                Duration::minutes(RESET_TTL_MINUTES),
                |s| reset_email(&self.app_url, &user.email, &user.name, &org, s),
            );
            self.links.send(user.org_id, user.id, l).await?;
        }
        Ok(())
    }

    /// Sets a new password through a reset link; the user's sessions end.
    pub async fn reset_password(&self, secret: &str, password: &str) -> DomainResult<User> {
        self.spend_link(LinkPurpose::PasswordReset, secret, password)
            .await
    }

    async fn spend_link(
        &self,
        purpose: LinkPurpose,
        secret: &str,
        password: &str,
    ) -> DomainResult<User> {
        let mut errors = Errors::new();
        let digest = secret_digest(secret)
            .map_err(|e| errors.extend(vec![e]))
            .ok();
        let password = Password::parse(password, "password")
            .map_err(|e| errors.extend(vec![e]))
            .ok();
        let (Some(digest), Some(password)) = errors.finish((digest, password))? else {
            return Err(DomainError::internal("validated fields missing"));
        };
        let hash = password::hash(password).await?;
        self.links
            .spend(purpose, &digest, hash)
            .await?
            .ok_or_else(|| {
                DomainError::Validation(vec![FieldError::new(
                    "token",
                    "invalid_token",
                    "is not a link this server sent, or it was used or has expired",
                )])
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_secret_is_checked_for_shape_before_any_lookup() {
        let good = token::new_refresh_token();
        assert_eq!(secret_digest(&good).ok(), Some(token::digest(&good)));
        assert!(secret_digest("short").is_err());
        assert!(secret_digest(&format!("{}!", &good[..42])).is_err());
    }

    #[test]
    fn an_invitation_carries_the_link_and_says_how_long_it_works() {
        let e = invitation_email(
            "https://app.example.com",
            "g@example.com",
            "Grace",
            "Acme",
            "SECRET",
        );
        assert_eq!(e.subject, "You are invited to Acme");
        assert!(
            e.text
                .contains("https://app.example.com/accept-invitation?token=SECRET")
        );
        assert!(e.text.contains("7 days"));
        let r = reset_email(
            "https://app.example.com",
            "g@example.com",
            "Grace",
            "Acme",
            "S2",
        );
        assert!(
            r.text
                .contains("https://app.example.com/reset-password?token=S2")
        );
        assert!(r.text.contains("60 minutes"));
    }
}
