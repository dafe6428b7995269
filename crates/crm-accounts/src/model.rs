//! The accounts entities as the domain sees them, and the commands that change them.

use crate::permission::Role;
use chrono::{DateTime, Utc};
use crm_core::Email;
use crm_core::ids::{OrgId, UserId};
use serde::Serialize;
use uuid::Uuid;

/// An organisation: the tenant that owns every row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    /// ISO 3166 region used to read phone numbers given without a country code.
    pub default_region: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A merge-patch of the organisation: `None` leaves a field unchanged.
#[derive(Debug, Clone, Default)]
pub struct OrganisationPatch {
    pub name: Option<String>,
    pub default_region: Option<Option<String>>,
}

/// Whether a staff user may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Deactivated,
    /// Invited by email, no password yet: becomes active by accepting the invitation.
    Invited,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Deactivated => "deactivated",
            UserStatus::Invited => "invited",
        }
    }

    pub fn parse(s: &str) -> Option<UserStatus> {
        match s {
            "active" => Some(UserStatus::Active),
            "deactivated" => Some(UserStatus::Deactivated),
            "invited" => Some(UserStatus::Invited),
            _ => None,
        }
    }
}

/// A staff user of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: UserId,
    pub org_id: OrgId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: UserStatus,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// Why a single-use link was emailed to a staff user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Sets an invited user's first password.
    Invitation,
    /// Sets a new password for an active user who forgot theirs.
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }
}

/// An email the accounts area sends to a staff user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// A single-use link to store and email: only its secret's digest is kept.
#[derive(Debug, Clone)]
pub struct AccountLink {
    pub purpose: LinkPurpose,
    pub digest: String,
    pub expires_at: DateTime<Utc>,
    pub email: AccountEmail,
}

/// A user to create, with a hashed password (empty for an invited user).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

/// A merge-patch of a user: `None` leaves a field unchanged.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
}

impl UserPatch {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.role.is_none() && self.status.is_none()
    }
}

/// An API key; the secret itself is never stored, only its digest and prefix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiKey {
    pub id: Uuid,
    pub org_id: OrgId,
    pub name: String,
    pub role: Role,
    pub prefix: String,
    pub created_by: Option<UserId>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// An API key to create.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub name: String,
    pub role: Role,
    pub prefix: String,
    pub secret_digest: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What a caller authenticated as, resolved from a token or an API key.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    pub org_id: OrgId,
    pub principal: crm_core::Principal,
    pub role: Role,
}
