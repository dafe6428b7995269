//! Every route of the API, one file per endpoint action, registered in one place.

pub mod addresses;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod companies;
pub mod custom_fields;
pub mod exports;
pub mod fallback;
pub mod health;
pub mod imports;
pub mod jobs;
pub mod organisation;
pub mod people;
pub mod sorting;
pub mod tags;
pub mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route. The app, the tests and `crm openapi` all use this,
/// so what is served and what is documented cannot drift apart.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live::live)
        .service(health::ready::ready)
        .service(health::metrics::metrics)
        .service(
            scope::scope("/v1")
                .service(auth::signup::signup)
                .service(auth::login::login)
                .service(auth::refresh::refresh)
                .service(auth::logout::logout)
                .service(auth::me::me)
                .service(organisation::read::read)
                .service(organisation::update::update)
                .service(users::list::list)
                .service(users::search::search)
                .service(users::create::create)
                .service(users::read::read)
                .service(users::update::update)
                .service(users::delete::delete)
                .service(users::restore::restore)
                .service(api_keys::list::list)
                .service(api_keys::create::create)
                .service(api_keys::read::read)
                .service(api_keys::revoke::revoke)
                .service(audit::list::list)
                .service(people::list::list)
                .service(people::search::search)
                .service(people::batch::batch)
                .service(people::create::create)
                .service(people::read::read)
                .service(people::update::update)
                .service(people::delete::delete)
                .service(people::restore::restore)
                .service(people::lifecycle_history::lifecycle_history)
                .service(people::consents_record::record)
                .service(people::consents_list::list)
                .service(people::data_export::data_export)
                .service(people::erase::erase)
                .service(people::duplicates::duplicates)
                .service(people::merge::merge)
                .service(people::companies::list)
                .service(people::companies::link)
                .service(people::companies::unlink)
                .service(companies::list::list)
                .service(companies::search::search)
                .service(companies::batch::batch)
                .service(companies::create::create)
                .service(companies::read::read)
                .service(companies::update::update)
                .service(companies::delete::delete)
                .service(companies::restore::restore)
                .service(companies::people::list)
                .service(companies::duplicates::duplicates)
                .service(companies::merge::merge)
                .service(custom_fields::list::list)
                .service(custom_fields::create::create)
                .service(custom_fields::read::read)
                .service(custom_fields::update::update)
                .service(custom_fields::delete::delete)
                .service(exports::people::people)
                .service(imports::list::list)
                .service(imports::create::create)
                .service(imports::read::read)
                .service(imports::errors::errors)
                .service(imports::cancel::cancel)
                .service(jobs::list::list)
                .service(tags::list::list)
                .service(tags::create::create)
                .service(tags::read::read)
                .service(tags::update::update)
                .service(tags::delete::delete),
        );
}
