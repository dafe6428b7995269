//! Schema history. Each migration is a step forward on both SQLite and PostgreSQL;
//! an applied migration is never edited, a new one is added.

pub use sea_orm_migration::MigrationStatus;
pub use sea_orm_migration::prelude::*;

mod m20261125_000001_foundation;
mod m20261125_000002_people;
mod m20261125_000003_consents;
mod m20261125_000004_companies;
mod m20261125_000005_custom_fields;
mod m20261125_000006_erasure;
mod m20261125_000007_merges;
mod m20261125_000008_imports;
mod m20261125_000009_addresses;
mod m20261202_000010_company_merges;
mod m20261202_000011_person_cards;
mod m20261203_000012_tag_versions;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_foundation::Migration),
            Box::new(m20261125_000002_people::Migration),
            Box::new(m20261125_000003_consents::Migration),
            Box::new(m20261125_000004_companies::Migration),
            Box::new(m20261125_000005_custom_fields::Migration),
            Box::new(m20261125_000006_erasure::Migration),
            Box::new(m20261125_000007_merges::Migration),
            Box::new(m20261125_000008_imports::Migration),
            Box::new(m20261125_000009_addresses::Migration),
            Box::new(m20261202_000010_company_merges::Migration),
            Box::new(m20261202_000011_person_cards::Migration),
            Box::new(m20261203_000012_tag_versions::Migration),
        ]
    }
}
