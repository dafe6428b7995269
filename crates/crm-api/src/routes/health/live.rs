//! `GET /health/live`: the process is up.

use super::Health;
use actix_web::{HttpResponse, get};

/// Liveness
///
/// Answers 200 while the process runs; it checks nothing else.
#[utoipa::path(
    operation_id = "health_live",
    tag = "operations",
    responses((status = 200, description = "The process is up", body = Health))
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
        database: None,
    })
}
