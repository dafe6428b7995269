//! What callers may sort and filter staff users, API keys and audit events by.

use crate::permission::Role;
use crm_core::filter::{FieldCatalogue, FieldType};
use crm_core::sort::{SortField, SortKind};

pub const USER_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("email", SortKind::Text),
    SortField::new("name", SortKind::Text),
];

pub const API_KEY_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("name", SortKind::Text),
];

pub const AUDIT_SORT: &[SortField] = &[SortField::new("occurred_at", SortKind::Timestamp)];

/// The fields of a staff user that the filter language may name.
pub fn user_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("email", FieldType::Text, false)
        .field("name", FieldType::Text, false)
        .field(
            "role",
            FieldType::Enum(Role::ALL.iter().map(|r| r.as_str().to_string()).collect()),
            false,
        )
        .field(
            "status",
            FieldType::Enum(vec!["active".into(), "deactivated".into()]),
            false,
        )
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
        .field("last_login_at", FieldType::Timestamp, true)
}
