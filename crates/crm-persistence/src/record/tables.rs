//! How a table whose rows belong to an organisation is declared: `tenant_tables!` in
//! `entities/mod.rs` declares each such entity's module and its organisation column in
//! one line, so the scoped query of [`super::scoped`] knows it; the record layer's test
//! checks the list against the migrated schema, so a new tenant table cannot be missed.
//! `person + tags` also declares the table linking the resource's records to tags, which
//! the entity's module defines with [`super::tags::tag_links!`].

macro_rules! tenant_tables {
    ($($table:ident $(+ $links:ident)?),* $(,)?) => {
        $(
            pub mod $table;

            impl $crate::record::Tenanted for $table::Entity {
                const ORG: $table::Column = $table::Column::OrgId;
            }
            $(
                impl $crate::record::Tenanted for $table::$links::Entity {
                    const ORG: $table::$links::Column = $table::$links::Column::OrgId;
                }
            )?
        )*

        /// The tables declared here, by name.
        #[cfg(test)]
        pub(crate) fn names() -> Vec<&'static str> {
            use sea_orm::EntityName;
            [$(vec![$table::Entity.table_name() $(, $table::$links::Entity.table_name())?]),*]
                .concat()
        }
    };
}

pub(crate) use tenant_tables;
