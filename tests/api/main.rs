//! Black-box tests of the API, run once on SQLite and once on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod addresses;
mod api_keys;
mod audit;
mod auth;
mod batch;
mod cards;
mod companies;
mod company_batch;
mod company_merge;
mod conditional;
mod cors;
mod custom_field_sorts;
mod custom_fields;
mod errors;
mod events;
mod exports;
mod filter_semantics;
mod health;
mod idempotency;
mod imports;
mod jobs;
mod merge;
mod openapi;
mod pages;
mod people;
mod privacy;
mod rate_limits;
mod round_trip;
mod tags;
mod tenancy;
mod users;
mod writes;
