//! Companies: create, read, update, delete and restore, batches, list and search, the
//! people who work there, duplicates and merge.

pub mod batch;
pub mod dto;
pub mod duplicates;
pub mod input;
pub mod merge;
pub mod people;

use crm_customers::catalogue::{COMPANY_SORT, company_filters};
use crm_customers::company::{CompanyInput, CompanyPatchInput};
use dto::{CompanyDto, CompanyPage};
use input::{CompanyListParams, CompanySearchRequest, CreateCompanyRequest, UpdateCompanyRequest};

crate::record_routes! {
    records: customers.companies,
    area: Customers,
    tag: "companies",
    noun: "company", a: "a company",
    dto: CompanyDto, page: CompanyPage,
    collection: "/companies", item: "/companies/{id:[0-9a-fA-F-]+}",
    restore: "/companies/{id:[0-9a-fA-F-]+}/restore", search: "/companies/search",
    create: CreateCompanyRequest => CompanyInput,
    update: UpdateCompanyRequest => CompanyPatchInput,
    conflict: "Another company has this external_id",
    find: CompanySearchRequest, filters: company_filters(), sort: COMPANY_SORT,
    list: CompanyListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `name`, `spend.total`, `orders.last_at`, `orders.count` (companies without purchases last), `id` and `custom_fields.<key>`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
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
