//! Timelines: everything that happened with a person or a company, from every area,
//! newest first.

pub mod companies;
pub mod dto;
pub mod people;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "timeline",
    about: "Everything that happened with a person or a company, from every area, newest first",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(people::person).service(companies::company);
}
