//! Exports: people streamed as CSV or NDJSON.

pub mod people;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "exports",
    about: "Bulk exports, streamed",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(people::people);
}
