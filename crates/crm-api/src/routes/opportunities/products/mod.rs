//! Products: the catalogue opportunities and orders sell from, by SKU, with a unit
//! price per currency and a tax category.

pub mod dto;
pub mod input;

use crm_opportunities::catalogue::{PRODUCT_SORT, product_filters};
use crm_opportunities::product::{ProductInput, ProductPatchInput};
use dto::{ProductDto, ProductPage};
use input::{CreateProductRequest, ProductListParams, ProductSearchRequest, UpdateProductRequest};

crate::record_routes! {
    records: opportunities.products,
    area: Opportunities,
    tag: "products",
    noun: "product", a: "a product",
    dto: ProductDto, page: ProductPage,
    collection: "/products", item: "/products/{id:[0-9a-fA-F-]+}",
    restore: "/products/{id:[0-9a-fA-F-]+}/restore", search: "/products/search",
    create: CreateProductRequest => ProductInput,
    update: UpdateProductRequest => ProductPatchInput,
    conflict: "A product with this SKU exists",
    create_note: "Prices are exact, one per currency, with no more decimal places than the currency's minor unit (a 422 names the price, never a rounding).",
    update_note: "`prices`, when sent, replaces every price; `active: false` keeps the product for the orders that name it but sells it no more.",
    find: ProductSearchRequest, filters: product_filters(), sort: PRODUCT_SORT,
    list: ProductListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `sku`, `name`, `id` and `custom_fields.<key>`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "products",
    about: "The product catalogue: SKUs with a unit price per currency and a tax category",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore);
}
