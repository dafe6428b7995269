//! The CRM's HTTP API: actix-web handlers over the domain services, the shared HTTP
//! machinery, the OpenAPI document, and the composition root used by the `crm` binary,
//! the tests and the benchmarks.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod events;
pub mod http;
pub mod jwt;
pub mod mailer;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod startup;
pub mod state;
pub mod webhooks;
pub mod worker;

pub use app::build_app;
pub use config::ServeArgs;
pub use startup::build_state;
pub use state::AppState;
