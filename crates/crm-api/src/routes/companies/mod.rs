//! Companies: create, read, update, delete and restore, batches, list and search, the
//! people who work there, duplicates and merge.

pub mod batch;
pub mod create;
pub mod delete;
pub mod dto;
pub mod duplicates;
pub mod list;
pub mod merge;
pub mod people;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;

/// The area's routes under `/v1` and its tag in the document.
pub const AREA: super::Area = super::Area {
    tag: "companies",
    about: "Companies and the people who work at them",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(batch::batch)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(people::list)
        .service(duplicates::duplicates)
        .service(merge::merge);
}
