//! Exports: people streamed as CSV or NDJSON.

pub mod people;

/// The area's routes under `/v1` and its tag in the document.
pub const AREA: super::Area = super::Area {
    tag: "exports",
    about: "Bulk exports, streamed",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(people::people);
}
