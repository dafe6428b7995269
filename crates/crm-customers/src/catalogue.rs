//! What callers may sort and filter people by.

use crate::lifecycle::LifecycleStage;
use crate::person::SOURCE_CHANNELS;
use crm_core::filter::{FieldCatalogue, FieldType};
use crm_core::sort::{SortField, SortKind};

pub const PERSON_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::optional("last_name", SortKind::Text),
    SortField::optional("first_name", SortKind::Text),
    // From the person's purchases (orders paid or fulfilled); people who bought nothing
    // sort last. The spend is in the currency of their latest purchase.
    SortField::optional("spend.total", SortKind::Integer),
    SortField::optional("orders.last_at", SortKind::Date),
    SortField::optional("orders.count", SortKind::Integer),
    // The lead score (0 for a person no rule has scored).
    SortField::optional("score", SortKind::Integer),
];

/// The parts of a postal address a filter may name, as `address.<part>`: a condition
/// matches when one of the record's addresses does (case-insensitive).
pub const ADDRESS_FILTERS: &[&str] = &["city", "region", "postal_code", "country"];

/// Adds the `address.<part>` fields to a catalogue.
trait AddressFields {
    fn with_address_fields(self) -> Self;
}

/// Adds the fields of a customer's purchases (orders paid or fulfilled, net of
/// refunds): what they spent in the currency of their latest purchase
/// (`spend.currency`), how many, the first and last order dates, and a product bought.
trait PurchaseFields {
    fn with_purchase_fields(self) -> Self;
}

impl PurchaseFields for FieldCatalogue {
    fn with_purchase_fields(self) -> Self {
        self.field("spend.total", FieldType::Decimal, true)
            .field("spend.currency", FieldType::Text, true)
            .field("orders.count", FieldType::Integer, true)
            .field("orders.first_at", FieldType::Date, true)
            .field("orders.last_at", FieldType::Date, true)
            .field("orders.product", FieldType::Uuid, true)
    }
}

impl AddressFields for FieldCatalogue {
    fn with_address_fields(self) -> Self {
        ADDRESS_FILTERS.iter().fold(self, |c, part| {
            c.field(format!("address.{part}"), FieldType::TextSet, true)
        })
    }
}

/// The fields of a person the filter language may name. `email`, `phone` and `tags`
/// hold several values: a condition matches when one of them does.
pub fn person_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("first_name", FieldType::Text, true)
        .field("last_name", FieldType::Text, true)
        .field("email", FieldType::TextSet, true)
        .field("phone", FieldType::TextSet, true)
        .field("tags", FieldType::TextSet, true)
        // The `channel:purpose` pairs currently granted, e.g. `email:marketing`.
        .field("consent", FieldType::TextSet, true)
        .field(
            "lifecycle_stage",
            FieldType::Enum(
                LifecycleStage::ALL
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect(),
            ),
            false,
        )
        .field("owner_id", FieldType::Uuid, true)
        // A company the person works at: `eq`/`in` any of their companies, `neq`/`not_in`
        // none of them, `is_null` no company at all.
        .field("company_id", FieldType::Uuid, true)
        .field(
            "source_channel",
            FieldType::Enum(SOURCE_CHANNELS.iter().map(|s| s.to_string()).collect()),
            true,
        )
        .field("external_id", FieldType::Text, true)
        .field("language", FieldType::Text, true)
        .field("birthday", FieldType::Date, true)
        // The lead score kept by the scoring rules (0 until one scores the person).
        .field("score", FieldType::Integer, false)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
        .with_purchase_fields()
        .with_address_fields()
}

pub use crm_records::custom_field::{
    custom_field_type, sort_with_custom_fields, with_custom_fields,
};

pub const COMPANY_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("updated_at", SortKind::Timestamp),
    SortField::new("name", SortKind::Text),
    // From the company's purchases, as people's: companies without any sort last.
    SortField::optional("spend.total", SortKind::Integer),
    SortField::optional("orders.last_at", SortKind::Date),
    SortField::optional("orders.count", SortKind::Integer),
];

/// The fields of a company the filter language may name.
pub fn company_filters() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("name", FieldType::Text, false)
        .field("domain", FieldType::Text, true)
        .field("industry", FieldType::Text, true)
        .field(
            "size",
            FieldType::Enum(
                crate::company::CompanySize::ALL
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect(),
            ),
            true,
        )
        .field("owner_id", FieldType::Uuid, true)
        .field("external_id", FieldType::Text, true)
        .field("tags", FieldType::TextSet, true)
        .field("created_at", FieldType::Timestamp, false)
        .field("updated_at", FieldType::Timestamp, false)
        .with_purchase_fields()
        .with_address_fields()
}
