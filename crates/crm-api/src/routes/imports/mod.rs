//! Imports of people from CSV or NDJSON: upload, progress, row errors, cancel.

pub mod cancel;
pub mod create;
pub mod dto;
pub mod errors;
pub mod list;
pub mod read;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "imports",
    about: "Bulk imports of people from CSV or NDJSON, run in the background",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(errors::errors)
        .service(cancel::cancel);
}
