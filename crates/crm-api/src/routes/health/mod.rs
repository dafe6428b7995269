//! Operations: liveness, readiness and metrics.

pub mod live;
pub mod metrics;
pub mod ready;

/// The section's routes (at the root, outside `/v1`) and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "operations",
    about: "Health and metrics for operators",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(live::live)
        .service(ready::ready)
        .service(metrics::metrics);
}

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
