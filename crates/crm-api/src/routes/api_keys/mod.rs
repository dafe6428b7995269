//! API keys: create (the secret is shown once), list, read, revoke and transfer.

pub mod create;
pub mod dto;
pub mod list;
pub mod read;
pub mod revoke;
pub mod transfer;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "api_keys",
    about: "API keys for scripts and integrations",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(revoke::revoke)
        .service(transfer::transfer);
}
