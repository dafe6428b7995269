//! `GET /metrics`: Prometheus text.

use crate::state::AppState;
use actix_web::{HttpResponse, get, web};

/// Metrics
///
/// Requests by route and status, latency histograms and the database pool, in the
/// Prometheus text format.
#[utoipa::path(
    operation_id = "metrics_read",
    tag = "operations",
    responses((status = 200, description = "Prometheus metrics", body = String, content_type = "text/plain"))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(
            state
                .metrics
                .render(state.db.pool_stats(), state.db.backend()),
        )
}
