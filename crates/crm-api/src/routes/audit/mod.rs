//! The audit log.

pub mod list;

/// The area's routes under `/v1` and its tag in the document.
pub const AREA: super::Area = super::Area {
    tag: "audit",
    about: "The audit log of every change",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list);
}
