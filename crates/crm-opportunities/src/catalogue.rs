//! What callers may sort and filter opportunities and products by.

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
