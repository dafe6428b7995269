//! People: the shared customer record. Create, read, update, delete and restore, list
//! with typed filters and free text, search with the filter tree, lifecycle history.

pub mod batch;
pub mod companies;
pub mod consents_list;
pub mod consents_record;
pub mod data_export;
pub mod dto;
pub mod duplicates;
pub mod erase;
pub mod filters;
pub mod input;
pub mod lifecycle_history;
pub mod merge;

use crm_customers::catalogue::{PERSON_SORT, person_filters};
use crm_customers::patch::PersonPatchInput;
use crm_customers::person::PersonInput;
use dto::{PersonDto, PersonPage};
use filters::PersonListParams;
use input::{CreatePersonRequest, PersonSearchRequest, UpdatePersonRequest};

crate::record_routes! {
    records: customers.people,
    area: Customers,
    tag: "people",
    noun: "person", a: "a person",
    dto: PersonDto, page: PersonPage,
    collection: "/people", item: "/people/{id:[0-9a-fA-F-]+}",
    restore: "/people/{id:[0-9a-fA-F-]+}/restore", search: "/people/search",
    create: CreatePersonRequest => PersonInput,
    update: UpdatePersonRequest => PersonPatchInput,
    conflict: "A lifecycle move the rules forbid, or a taken external_id",
    create_note: "Emails are normalised, phones stored in E.164, tags added to the catalogue, and the first lifecycle stage recorded.",
    update_note: "Stage changes follow the lifecycle rules (forward along the funnel, customers may churn, churned people may be won back) and are recorded in the history.",
    find: PersonSearchRequest, filters: person_filters(), sort: PERSON_SORT,
    list: PersonListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `last_name`, `first_name`, `spend.total`, `orders.last_at`, `orders.count` (people without purchases last), `score` (the lead score), `id` and `custom_fields.<key>`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
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
