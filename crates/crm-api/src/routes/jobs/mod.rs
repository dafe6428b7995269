//! Background jobs, as administrators see them.

pub mod list;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "jobs",
    about: "Background jobs: what runs, what failed and why",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list);
}
