//! Service levels: the SLA policies cases are worked to and the business hours their
//! deadlines count in. Admins set them; everyone who reads cases reads them.

pub mod create;
pub mod delete;
pub mod dto;
pub mod hours_read;
pub mod hours_replace;
pub mod list;
pub mod read;
pub mod restore;
pub mod update;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "service_levels",
    about: "SLA policies (first-response and resolution targets per priority and category) and the business hours they count in",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(hours_read::read)
        .service(hours_replace::replace);
}
