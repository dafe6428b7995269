//! Every table whose rows belong to an organisation, declared once: the scoped query of
//! [`super::scoped`] knows its organisation column, and the test beside this module
//! checks the list against the migrated schema, so a new tenant table cannot be missed.

use super::Tenanted;
use crate::entities::*;

macro_rules! tenant_tables {
    ($($table:ident),* $(,)?) => {
        $(
            impl Tenanted for $table::Entity {
                const ORG: $table::Column = $table::Column::OrgId;
            }
        )*

        /// The tables declared [`Tenanted`], by name.
        #[cfg(test)]
        pub(crate) fn names() -> Vec<&'static str> {
            use sea_orm::EntityName;
            vec![$($table::Entity.table_name()),*]
        }
    };
}

tenant_tables!(
    api_key,
    audit_event,
    company,
    company_tag,
    consent,
    custom_field,
    custom_field_value,
    employment,
    idempotency_key,
    import,
    import_row_error,
    job,
    lifecycle_change,
    outbox_event,
    person,
    person_email,
    person_phone,
    person_tag,
    refresh_token,
    tag,
    user,
);
