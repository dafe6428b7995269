//! Schema history. Each migration is a step forward on both SQLite and PostgreSQL;
//! an applied migration is never edited, a new one is added.

pub use sea_orm_migration::MigrationStatus;
pub use sea_orm_migration::prelude::*;

mod statements;

/// Declares each migration's module and lists it in the migrator, in order: a new
/// migration is one line here.
macro_rules! migrations {
    ($($m:ident),* $(,)?) => {
        $(mod $m;)*

        /// Every migration, in order.
        pub struct Migrator;

        #[async_trait::async_trait]
        impl MigratorTrait for Migrator {
            fn migrations() -> Vec<Box<dyn MigrationTrait>> {
                vec![$(Box::new($m::Migration)),*]
            }
        }
    };
}

migrations!(
    m20261125_000001_foundation,
    m20261125_000002_people,
    m20261125_000003_consents,
    m20261125_000004_companies,
    m20261125_000005_custom_fields,
    m20261125_000006_erasure,
    m20261125_000007_merges,
    m20261125_000008_imports,
    m20261125_000009_addresses,
    m20261202_000010_company_merges,
    m20261202_000011_person_cards,
    m20261203_000012_tag_versions,
    m20261206_000013_job_payloads,
    m20261206_000014_interactions,
    m20261206_000015_timeline,
    m20261206_000016_tasks,
    m20261207_000017_cases,
    m20261207_000018_inbound_email,
    m20261207_000019_import_resources,
    m20261207_000020_merged_indexes,
    m20261208_000021_lifecycle_history_index,
    m20261208_000022_user_email_per_org,
    m20261208_000023_consent_ledger_guard,
    m20261208_000024_rate_counters,
    m20261209_000025_pipelines,
    m20261210_000026_opportunities,
    m20261210_000027_products,
    m20261210_000028_price_lists,
    m20261210_000029_tax_rates,
    m20261210_000030_forecast_indexes,
    m20261211_000031_orders,
    m20261211_000032_customer_purchases,
    m20261211_000033_opportunity_lines,
    m20261212_000034_lead_scoring,
    m20261213_000035_webhooks,
    m20261213_000036_webhook_conditions,
    m20261213_000037_email_messages,
    m20261214_000038_account_tokens,
    m20261214_000039_templates,
);
