//! Persistence: the only crate that names sea_orm. It holds the entities, the
//! repository adapters of every domain port, the mapping of database errors to domain
//! errors, transactions, and the organisation scoping of every query.

mod entities;
mod error;
mod filter_sql;
mod fold;
mod journal;
mod liveness;
mod one_trip;
mod paging;
mod record;
mod repos;
mod time;

pub mod counters;
pub mod db;
pub mod idempotency;
pub mod tools;

pub use counters::CounterStore;
pub use db::{Db, DbConfig};
pub use idempotency::{IdempotencyStore, Reservation, StoredResponse};
pub use repos::{
    accounts_service, customers_service, email_queue, imports_service, interactions_service,
    job_queue, opportunities_service, templates, timeline, user_repository, webhooks,
};
