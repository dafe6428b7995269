//! Inbound channels: email-to-case, posted by the mail relay.

pub mod email;
pub mod parse;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "inbound",
    about: "Inbound email: a customer's message opens a case or threads onto the one it answers",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(email::receive);
}
