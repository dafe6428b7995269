//! `GET /health/ready`: the database answers.

use super::Health;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};

/// Readiness
///
/// Answers 200 when the database answers a query, else 503: take the replica out of the
/// load balancer until it recovers, which it does by itself.
#[utoipa::path(
    operation_id = "health_ready",
    tag = "operations",
    responses((status = 200, description = "Ready to serve", body = Health))
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    if !state.db.ping().await {
        return Err(ApiError::unavailable(
            "readiness probe: the database did not answer",
        ));
    }
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
        database: Some(state.db.backend().into()),
    }))
}
