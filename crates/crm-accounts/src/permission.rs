//! Staff roles and the one table that says which role may do what in which area.

use serde::{Deserialize, Serialize};

/// A staff role. Every user and every API key has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Manager,
    Sales,
    Support,
    Marketing,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Owner,
        Role::Admin,
        Role::Manager,
        Role::Sales,
        Role::Support,
        Role::Marketing,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Sales => "sales",
            Role::Support => "support",
            Role::Marketing => "marketing",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Owners and admins administer the organisation.
    pub fn is_admin(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }
}

/// An area of the product that permissions are granted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Users,
    ApiKeys,
    Audit,
    Customers,
    Interactions,
    /// Service cases and the SLA policies they are worked to.
    Service,
    Opportunities,
    Campaigns,
    Settings,
}

/// What a caller wants to do in an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

/// The permission table: role × area × action, in one place.
pub fn allows(role: Role, area: Area, action: Action) -> bool {
    use Action::*;
    use Area::*;
    use Role::*;
    let read = action == Read;
    match (role, area) {
        (Owner, _) => true,
        (Admin, _) => true,
        // Organisation administration is for owners and admins; everybody may read the
        // staff list so they can assign owners.
        (_, Users) => read,
        (_, ApiKeys | Settings | Audit) => false,
        (Manager, _) => true,
        (Sales, Customers | Interactions | Opportunities) => true,
        (Sales, Service | Campaigns) => read,
        (Support, Customers | Interactions | Service) => true,
        (Support, Opportunities | Campaigns) => read,
        (Marketing, Customers | Campaigns) => true,
        (Marketing, Interactions | Service | Opportunities) => read,
        (Viewer, _) => read,
    }
}

/// Whose assigned work (tasks, later cases) a role sees: owners, admins and managers
/// see everyone's; every other staff user sees what is assigned to them, what they
/// created and what is unassigned. An API key acts for the organisation and sees
/// everyone's, whatever its role.
pub fn reach(role: Role, is_api_key: bool) -> crm_core::Reach {
    match role {
        _ if is_api_key => crm_core::Reach::Everyone,
        Role::Owner | Role::Admin | Role::Manager => crm_core::Reach::Everyone,
        _ => crm_core::Reach::Own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewers_only_read() {
        for area in [Area::Customers, Area::Campaigns, Area::Users] {
            assert!(allows(Role::Viewer, area, Action::Read));
            assert!(!allows(Role::Viewer, area, Action::Create));
        }
    }

    #[test]
    fn support_works_cases_and_sales_and_marketing_only_read_them() {
        for action in [Action::Create, Action::Update, Action::Delete] {
            assert!(allows(Role::Support, Area::Service, action));
            assert!(allows(Role::Manager, Area::Service, action));
            assert!(!allows(Role::Sales, Area::Service, action));
            assert!(!allows(Role::Marketing, Area::Service, action));
        }
        for role in Role::ALL {
            assert!(allows(role, Area::Service, Action::Read), "{role:?}");
        }
    }

    #[test]
    fn only_owners_and_admins_manage_users_and_keys() {
        for role in Role::ALL {
            assert_eq!(
                allows(role, Area::Users, Action::Create),
                role.is_admin(),
                "{role:?}"
            );
            assert_eq!(
                allows(role, Area::ApiKeys, Action::Read),
                role.is_admin(),
                "{role:?}"
            );
        }
    }

    #[test]
    fn only_managers_and_above_see_everyones_tasks_and_keys_act_for_the_organisation() {
        for role in Role::ALL {
            let everyone = matches!(role, Role::Owner | Role::Admin | Role::Manager);
            assert_eq!(
                reach(role, false) == crm_core::Reach::Everyone,
                everyone,
                "{role:?}"
            );
            assert_eq!(reach(role, true), crm_core::Reach::Everyone, "{role:?}");
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
