//! Black-box tests of the API, run once on SQLite and once on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api_keys;
mod audit;
mod auth;
mod conditional;
mod cors;
mod custom_field_sorts;
mod custom_fields;
mod customers;
mod delivery;
mod errors;
mod events;
mod exports;
mod filter_semantics;
mod health;
mod hostile_text;
mod idempotency;
mod imports;
mod interactions;
mod jobs;
mod openapi;
mod opportunities;
mod pages;
mod rate_limits;
mod round_trip;
mod tags;
mod tenancy;
mod timeline;
mod users;
mod writes;
