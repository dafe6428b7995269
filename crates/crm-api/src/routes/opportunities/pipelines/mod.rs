//! Sales pipelines: their ordered stages, with win probabilities, reordered and
//! retired without losing history. Owners and admins shape them; sales reads them.

pub mod create;
pub mod delete;
pub mod dto;
pub mod list;
pub mod read;
pub mod restore;
pub mod update;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "pipelines",
    about: "Sales pipelines and their ordered stages, each with a win probability and a kind (open, won, lost)",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore);
}
