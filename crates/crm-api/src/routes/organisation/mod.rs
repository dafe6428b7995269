//! The caller's organisation: read and change its settings.

pub mod read;
pub mod update;

/// The area's routes under `/v1` and its tag in the document.
pub const AREA: super::Area = super::Area {
    tag: "organisation",
    about: "The caller's organisation and its settings",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(read::read).service(update::update);
}
