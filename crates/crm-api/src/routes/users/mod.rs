//! Staff users: list, search, create (invite), read, update, delete and restore, and a
//! new invitation.

pub mod create;
pub mod delete;
pub mod dto;
pub mod invitation;
pub mod list;
pub mod read;
pub mod restore;
pub mod search;
pub mod update;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "users",
    about: "Staff users of an organisation and their roles",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(invitation::reinvite);
}
