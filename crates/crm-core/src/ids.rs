//! Typed identifiers: UUID v7 made in Rust so they sort by creation on every database.

use uuid::Uuid;

/// A new UUID v7 (time-ordered).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Declares a newtype id over `Uuid` that cannot be mixed up with another kind of id.
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self($crate::ids::new_id())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }
    };
}

typed_id!(
    /// An organisation: the tenant every row belongs to.
    OrgId
);

// The ids every area may hold a reference to (an interaction's person, a deal's owner),
// so they live in the kernel, not in the area that owns the record. An id only its own
// area uses (a tag's, a custom field's) stays a `Uuid` until another area needs it.

typed_id!(
    /// A staff user of an organisation (crm-accounts).
    UserId
);

typed_id!(
    /// A person: a customer, prospect or contact (crm-customers).
    PersonId
);

typed_id!(
    /// A company (crm-customers).
    CompanyId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_id_converts_to_and_from_its_uuid() {
        let raw = new_id();
        let person = PersonId::from(raw);
        assert_eq!(Uuid::from(person), raw);
        assert_eq!(person.to_string(), raw.to_string());
    }

    #[test]
    fn new_ids_sort_by_creation_time() {
        let a = OrgId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = OrgId::new();
        assert!(a < b);
        assert_eq!(a.0.get_version_num(), 7);
    }
}
