//! Operations: liveness, readiness and metrics.

pub mod live;
pub mod metrics;
pub mod ready;

use serde::Serialize;
use utoipa::ToSchema;

/// The health of the process or its dependencies.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    /// The database backend (`sqlite` or `postgres`), on readiness.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}
