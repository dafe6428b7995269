//! Orders: what people and companies bought, priced by the server from the catalogue,
//! price lists and tax rates, paid, fulfilled, cancelled and refunded.

pub mod dto;
pub mod input;
pub mod lines;
pub mod of_customer;
pub mod refund;
pub mod spend;

use crm_opportunities::catalogue::{ORDER_SORT, order_filters};
use crm_opportunities::order::{OrderInput, OrderPatchInput};
use dto::{OrderDto, OrderPage};
use input::{CreateOrderRequest, OrderListParams, OrderSearchRequest, UpdateOrderRequest};

crate::record_routes! {
    records: opportunities.orders,
    area: Opportunities,
    tag: "orders",
    noun: "order", a: "an order",
    dto: OrderDto, page: OrderPage,
    collection: "/orders", item: "/orders/{id:[0-9a-fA-F-]+}",
    restore: "/orders/{id:[0-9a-fA-F-]+}/restore", search: "/orders/search",
    create: CreateOrderRequest => OrderInput,
    update: UpdateOrderRequest => OrderPatchInput,
    conflict: "An order with this external_id exists",
    create_note: "The server prices every line and computes every total; none is taken from the client. A line's unit price is the one given, else the named price list's, else the lowest among the price lists applying on the order date in its currency, else the product's own; prices exclude tax. Tax is the rate of the line's tax category (the product's unless given) from `/v1/tax-rates`. Each line is rounded to the currency's minor unit, halves away from zero: gross = quantity × unit price, discount = gross × discount_percent / 100, net = gross − discount, tax = net × rate / 100, total = net + tax; the order's totals are the sums of its lines. Every amount is in the order's currency (422 `mismatch` otherwise).",
    update_note: "`status` moves forward only (`pending` → `paid` → `fulfilled`, `pending` → `cancelled`); refunds go through `POST /v1/orders/{id}/refunds` and lines through `PUT /v1/orders/{id}/lines`. A pending order is priced again when its `order_date` or `price_list_id` changes; another's are locked (422).",
    find: OrderSearchRequest, filters: order_filters(), sort: ORDER_SORT,
    list: OrderListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `order_date`, `id` and `custom_fields.<key>`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "orders",
    about: "Orders: what people and companies bought, priced exactly by the server, paid, fulfilled and refunded",
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
        .service(lines::replace_lines)
        .service(refund::refund)
        .service(of_customer::person)
        .service(of_customer::company)
        .service(spend::person)
        .service(spend::company);
}
