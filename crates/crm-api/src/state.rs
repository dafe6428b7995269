//! `AppState`: everything a handler needs, built once in the composition root and shared.

use crate::config::ServeArgs;
use crate::jwt::JwtKeys;
use crate::middleware::metrics::Metrics;
use crate::middleware::rate_limit::RateLimiter;
use crate::routes::fallback::RouteTable;
use crm_accounts::AccountsService;
use crm_persistence::{Db, IdempotencyStore};
use std::sync::Arc;

/// The shared state of the application.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub accounts: AccountsService,
    pub customers: crm_customers::CustomersService,
    pub interactions: crm_interactions::InteractionsService,
    pub opportunities: crm_opportunities::OpportunitiesService,
    /// Webhook endpoints, their secrets and delivery logs.
    pub delivery: crm_delivery::DeliveryService,
    /// Every resource's imports, watched and cancelled (each area starts its own).
    pub imports: crm_records::import::service::Imports,
    /// Every area's facts about a person or company, newest first.
    pub timeline: crm_records::timeline::Timeline,
    pub idempotency: IdempotencyStore,
    pub limiter: Arc<RateLimiter>,
    pub jwt: JwtKeys,
    /// Seals the cursors of pages (derived from the token secret).
    pub cursor_key: crate::http::cursor::CursorKey,
    pub metrics: Arc<Metrics>,
    pub routes: Arc<RouteTable>,
    /// The OpenAPI document as served.
    pub openapi: Arc<utoipa::openapi::OpenApi>,
    pub settings: Arc<ServeArgs>,
    /// The background job queue.
    pub jobs: Arc<dyn crm_core::jobs::JobQueue>,
    /// What runs each kind of job, as every area registered it.
    pub job_handlers: crm_core::jobs::JobHandlers,
    /// What a worker of this process runs in rounds: the outbox relay, the deliverer.
    pub pumps: Vec<Arc<dyn crm_core::jobs::Pump>>,
    /// Wakes this process's worker when a job is queued here.
    pub wake: Arc<tokio::sync::Notify>,
}
