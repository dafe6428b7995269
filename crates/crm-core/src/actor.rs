//! Who is acting: the organisation that scopes every query and the principal recorded
//! in the audit log.

use crate::ids::{OrgId, UserId};
use serde::Serialize;
use uuid::Uuid;

/// The authenticated party behind a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Principal {
    /// A staff user signed in with a token.
    User(UserId),
    /// An API key.
    ApiKey(Uuid),
    /// The system itself (migrations, background jobs, signup before a user exists).
    System,
}

impl Principal {
    /// The stable lower-case name stored in the audit log.
    pub fn kind(&self) -> &'static str {
        match self {
            Principal::User(_) => "user",
            Principal::ApiKey(_) => "api_key",
            Principal::System => "system",
        }
    }

    /// The staff user acting, if a user is (what `created_by` and `moved_by` record).
    pub fn user(&self) -> Option<UserId> {
        match self {
            Principal::User(id) => Some(*id),
            _ => None,
        }
    }

    /// The principal's id, if it has one.
    pub fn id(&self) -> Option<Uuid> {
        match self {
            Principal::User(id) => Some(id.0),
            Principal::ApiKey(id) => Some(*id),
            Principal::System => None,
        }
    }
}

/// Whose work an actor sees where work is assigned to people (tasks, later cases):
/// everyone's, or only their own. The permission table decides it from the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    #[default]
    Everyone,
    /// Only what is assigned to the actor, what they created, and what is unassigned.
    Own,
}

/// Every repository call takes an actor: its organisation scopes the query and the
/// rest is written to the audit log with each change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub org_id: OrgId,
    pub principal: Principal,
    pub request_id: Option<String>,
    /// Whose assigned work the actor sees.
    pub reach: Reach,
}

impl Actor {
    pub fn new(org_id: OrgId, principal: Principal, request_id: Option<String>) -> Self {
        Self {
            org_id,
            principal,
            request_id,
            reach: Reach::Everyone,
        }
    }

    /// The same actor, seeing only `reach`.
    pub fn reaching(self, reach: Reach) -> Self {
        Self { reach, ..self }
    }

    /// The staff user whose own work the actor is limited to, if it is.
    pub fn limited_to(&self) -> Option<crate::ids::UserId> {
        match (self.reach, self.principal) {
            (Reach::Own, Principal::User(u)) => Some(u),
            _ => None,
        }
    }
}
