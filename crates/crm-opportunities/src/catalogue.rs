//! What callers may sort and filter opportunities, products and orders by.

use crate::order::OrderStatus;
use crate::pipeline::StageKind;
use crm_core::filter::{FieldCatalogue, FieldType};
use crm_core::sort::{SortField, SortKind};

pub const OPPORTUNITY_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::new("stage_entered_at", SortKind::Timestamp),
    SortField::optional("expected_close_date", SortKind::Date),
];

/// The fields of an opportunity the filter language may name. `amount` compares the
/// exact amount (give `currency` too: amounts of different currencies are not ordered).
pub fn opportunity_filters() -> FieldCatalogue {
    let statuses = [StageKind::Open, StageKind::Won, StageKind::Lost];
    FieldCatalogue::new()
        .field("name", FieldType::Text, false)
        .field(
            "status",
            FieldType::Enum(statuses.iter().map(|k| k.as_str().to_string()).collect()),
            false,
        )
        .field("pipeline_id", FieldType::Uuid, false)
        .field("stage_id", FieldType::Uuid, false)
        .field("person_id", FieldType::Uuid, true)
        .field("company_id", FieldType::Uuid, true)
        .field("owner_id", FieldType::Uuid, true)
        .field("created_by", FieldType::Uuid, true)
        .field("amount", FieldType::Decimal, true)
        .field("currency", FieldType::Text, true)
        .field("expected_close_date", FieldType::Date, true)
        .field("source", FieldType::Text, true)
        .field("close_reason", FieldType::Text, true)
        .field("closed_at", FieldType::Timestamp, true)
        .field("stage_entered_at", FieldType::Timestamp, false)
        .field("external_id", FieldType::Text, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
}

pub const PRODUCT_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::new("sku", SortKind::Text),
    SortField::new("name", SortKind::Text),
];

/// The fields of a product the filter language may name; `currency` matches a product
/// priced in it.
pub fn product_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("sku", FieldType::Text, false)
        .field("name", FieldType::Text, false)
        .field("category", FieldType::Text, true)
        .field("tax_category", FieldType::Text, true)
        .field("active", FieldType::Boolean, false)
        .field("currency", FieldType::Text, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
}

pub const ORDER_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::new("order_date", SortKind::Date),
];

/// The fields of an order the filter language may name. `total` compares the exact
/// total (give `currency` too); `product_id` matches an order with a line of it.
pub fn order_filters() -> FieldCatalogue {
    let statuses = OrderStatus::ALL.iter().map(|s| s.as_str().to_string());
    FieldCatalogue::new()
        .field("status", FieldType::Enum(statuses.collect()), false)
        .field("person_id", FieldType::Uuid, true)
        .field("company_id", FieldType::Uuid, true)
        .field("opportunity_id", FieldType::Uuid, true)
        .field("product_id", FieldType::Uuid, true)
        .field("currency", FieldType::Text, false)
        .field("total", FieldType::Decimal, false)
        .field("refunded", FieldType::Decimal, false)
        .field("order_date", FieldType::Date, false)
        .field("channel", FieldType::Text, true)
        .field("code", FieldType::Text, true)
        .field("price_list_id", FieldType::Uuid, true)
        .field("external_id", FieldType::Text, true)
        .field("created_by", FieldType::Uuid, true)
        .field("paid_at", FieldType::Timestamp, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
}
