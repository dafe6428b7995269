//! The customers area: people, companies, their merges, batches, addresses and privacy.

mod addresses;
mod batch;
mod cards;
mod companies;
mod company_batch;
mod company_merge;
mod consent_ledger;
mod erasure_traces;
mod folding;
mod merge;
mod people;
mod privacy;
