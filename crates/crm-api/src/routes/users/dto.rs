//! Wire types of staff users and roles.

use chrono::{DateTime, Utc};
use crm_accounts::{Role, User, UserStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A staff role; it decides what the user or key may do in each area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleDto {
    Owner,
    Admin,
    Manager,
    Sales,
    Support,
    Marketing,
    Viewer,
}

impl From<Role> for RoleDto {
    fn from(r: Role) -> Self {
        match r {
            Role::Owner => RoleDto::Owner,
            Role::Admin => RoleDto::Admin,
            Role::Manager => RoleDto::Manager,
            Role::Sales => RoleDto::Sales,
            Role::Support => RoleDto::Support,
            Role::Marketing => RoleDto::Marketing,
            Role::Viewer => RoleDto::Viewer,
        }
    }
}

impl From<RoleDto> for Role {
    fn from(r: RoleDto) -> Self {
        match r {
            RoleDto::Owner => Role::Owner,
            RoleDto::Admin => Role::Admin,
            RoleDto::Manager => Role::Manager,
            RoleDto::Sales => Role::Sales,
            RoleDto::Support => Role::Support,
            RoleDto::Marketing => Role::Marketing,
            RoleDto::Viewer => Role::Viewer,
        }
    }
}

/// Whether a user may sign in: `invited` users cannot until they accept their
/// invitation, which only that makes them `active`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserStatusDto {
    Active,
    Deactivated,
    Invited,
}

impl From<UserStatus> for UserStatusDto {
    fn from(s: UserStatus) -> Self {
        match s {
            UserStatus::Active => UserStatusDto::Active,
            UserStatus::Deactivated => UserStatusDto::Deactivated,
            UserStatus::Invited => UserStatusDto::Invited,
        }
    }
}

impl From<UserStatusDto> for UserStatus {
    fn from(s: UserStatusDto) -> Self {
        match s {
            UserStatusDto::Active => UserStatus::Active,
            UserStatusDto::Deactivated => UserStatus::Deactivated,
            UserStatusDto::Invited => UserStatus::Invited,
        }
    }
}

/// A staff user.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: Uuid,
    #[schema(example = "ada@example.com")]
    pub email: String,
    #[schema(example = "Ada Lovelace")]
    pub name: String,
    pub role: RoleDto,
    pub status: UserStatusDto,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Grows by one on every change; the `ETag`.
    pub version: i64,
}

impl From<User> for UserDto {
    fn from(u: User) -> Self {
        Self {
            id: u.id.into(),
            email: u.email,
            name: u.name,
            role: u.role.into(),
            status: u.status.into(),
            last_login_at: u.last_login_at,
            created_at: u.created_at,
            updated_at: u.updated_at,
            version: u.version,
        }
    }
}

crate::page_of!(UserPage, UserDto);
