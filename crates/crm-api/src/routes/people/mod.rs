//! People: the shared customer record. Create, read, update, delete and restore, list
//! with typed filters and free text, search with the filter tree, lifecycle history.

pub mod batch;
pub mod companies;
pub mod consents_list;
pub mod consents_record;
pub mod create;
pub mod data_export;
pub mod delete;
pub mod dto;
pub mod duplicates;
pub mod erase;
pub mod lifecycle_history;
pub mod list;
pub mod merge;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;

/// The area's routes under `/v1` and its tag in the document.
pub const AREA: super::Area = super::Area {
    tag: "people",
    about: "People: the shared record of every customer and prospect",
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
        .service(lifecycle_history::lifecycle_history)
        .service(consents_record::record)
        .service(consents_list::list)
        .service(data_export::data_export)
        .service(erase::erase)
        .service(duplicates::duplicates)
        .service(merge::merge)
        .service(companies::list)
        .service(companies::link)
        .service(companies::unlink);
}
