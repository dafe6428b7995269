//! Price lists: special prices for products in one currency between two dates, which
//! orders take prices from and campaign offers will name. Owners and admins shape them;
//! sales reads them.

pub mod dto;

use dto::{CreatePriceListRequest, PriceListDto, PriceListPage, UpdatePriceListRequest};

crate::settings_routes! {
    service: opportunities,
    calls: [price_lists, price_list, create_price_list, update_price_list, delete_price_list, restore_price_list],
    read_area: Opportunities, write_area: Settings,
    tag: "price_lists", ops: "price_lists",
    noun: "price list", a: "a price list", plural: "price lists", most: "100",
    dto: PriceListDto, page: PriceListPage,
    collection: "/price-lists", item: "/price-lists/{id:[0-9a-fA-F-]+}",
    restore: "/price-lists/{id:[0-9a-fA-F-]+}/restore",
    create: CreatePriceListRequest, update: UpdatePriceListRequest,
    notes: {
        list: "Each with its prices, inactive and expired ones included.",
        create: "Owners and admins add a list in one currency with its prices: each a live product of the organisation, listed once, in the list's currency, with no more decimal places than the currency's minor unit.",
        read: "One price list with its prices, and its `ETag`.",
        update: "`items`, when sent, replaces every price; a new `currency` needs `items` in it. A price list as read is accepted back whole.",
        delete: "The list leaves the lists and applies no more; `POST /v1/price-lists/{id}/restore` brings it back as it was.",
        restore: "Undoes a delete: the list applies again within its dates.",
    },
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "price_lists",
    about: "Price lists: special prices for products in one currency between two dates",
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
