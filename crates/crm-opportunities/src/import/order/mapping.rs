//! The fields of an order that a column of an import can feed: its own fields, its
//! person and company by id or by a key, and its lines, either as one JSON array
//! (`lines`) or, for an order of one line, as `line.*` columns.

use crm_core::FieldError;
use crm_records::import::MatchOn;
use crm_records::import::mapping::{ColumnMap, Target, one_column_each};

/// A field a column can feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderTarget {
    PersonId,
    /// The person whose email address this is.
    PersonEmail,
    PersonExternalId,
    CompanyId,
    /// The company with this domain.
    CompanyDomain,
    CompanyExternalId,
    Status,
    Currency,
    OrderDate,
    Channel,
    Code,
    PriceListId,
    Notes,
    ExternalId,
    /// Every line, as a JSON array of objects.
    Lines,
    /// The one line's product, by SKU.
    LineSku,
    LineProductId,
    LineDescription,
    LineQuantity,
    LineUnitPrice,
    LineDiscountPercent,
    LineTaxCategory,
    /// Tag names separated by `;`.
    Tags,
    CustomField(String),
    Ignore,
}

/// The targets by their names in a mapping.
const NAMED: [(&str, OrderTarget); 24] = [
    ("person_id", OrderTarget::PersonId),
    ("person.email", OrderTarget::PersonEmail),
    ("person.external_id", OrderTarget::PersonExternalId),
    ("company_id", OrderTarget::CompanyId),
    ("company.domain", OrderTarget::CompanyDomain),
    ("company.external_id", OrderTarget::CompanyExternalId),
    ("status", OrderTarget::Status),
    ("currency", OrderTarget::Currency),
    ("order_date", OrderTarget::OrderDate),
    ("channel", OrderTarget::Channel),
    ("code", OrderTarget::Code),
    ("price_list_id", OrderTarget::PriceListId),
    ("notes", OrderTarget::Notes),
    ("external_id", OrderTarget::ExternalId),
    ("lines", OrderTarget::Lines),
    ("line.sku", OrderTarget::LineSku),
    ("line.product_id", OrderTarget::LineProductId),
    ("line.description", OrderTarget::LineDescription),
    ("line.quantity", OrderTarget::LineQuantity),
    ("line.unit_price", OrderTarget::LineUnitPrice),
    ("line.discount_percent", OrderTarget::LineDiscountPercent),
    ("line.tax_category", OrderTarget::LineTaxCategory),
    ("tags", OrderTarget::Tags),
    ("ignore", OrderTarget::Ignore),
];

/// What a mapping value may be, for error messages and the API's description.
pub const TARGET_HELP: &str = "person_id, person.email, person.external_id, company_id, \
company.domain, company.external_id, status, currency, order_date, channel, code, \
price_list_id, notes, external_id, lines (a JSON array), line.sku, line.product_id, \
line.description, line.quantity, line.unit_price, line.discount_percent, \
line.tax_category, tags, custom_fields.<key>, ignore";

impl OrderTarget {
    /// Whether it feeds the one line of `line.*` columns.
    pub fn is_line(&self) -> bool {
        use OrderTarget::*;
        matches!(
            self,
            LineSku
                | LineProductId
                | LineDescription
                | LineQuantity
                | LineUnitPrice
                | LineDiscountPercent
                | LineTaxCategory
        )
    }

    /// The field of a line it feeds (`quantity`), for `line.*` targets.
    pub fn line_field(&self) -> Option<&'static str> {
        use OrderTarget::*;
        Some(match self {
            LineSku => "sku",
            LineProductId => "product_id",
            LineDescription => "description",
            LineQuantity => "quantity",
            LineUnitPrice => "unit_price",
            LineDiscountPercent => "discount_percent",
            LineTaxCategory => "tax_category",
            _ => return None,
        })
    }
}

impl Target for OrderTarget {
    const A_RECORD: &'static str = "an order";
    const RECORDS: &'static str = "orders";
    const HELP: &'static str = TARGET_HELP;
    /// An order import only creates: a row whose external_id an order already has is
    /// refused, so a file sent twice writes each order once.
    const KEYS: &'static [MatchOn] = &[];

    fn parse(s: &str) -> Option<OrderTarget> {
        if let Some((_, t)) = NAMED.iter().find(|(n, _)| *n == s) {
            return Some(t.clone());
        }
        s.strip_prefix("custom_fields.")
            .filter(|k| !k.is_empty())
            .map(|k| OrderTarget::CustomField(k.to_string()))
    }

    fn custom_field(&self) -> Option<&str> {
        match self {
            OrderTarget::CustomField(k) => Some(k),
            _ => None,
        }
    }

    fn is_ignore(&self) -> bool {
        *self == OrderTarget::Ignore
    }

    /// Lines come from one `lines` column or from `line.*` columns, not both; a person
    /// (or company) is named one way.
    fn across(mapped: &[ColumnMap<OrderTarget>]) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let lines = mapped.iter().find(|m| m.target == OrderTarget::Lines);
        if let (Some(l), Some(one)) = (lines, mapped.iter().find(|m| m.target.is_line())) {
            errors.push(FieldError::new(
                format!("mapping.{}", one.column),
                "conflicting_target",
                format!(
                    "the column '{}' already feeds every line (lines); line.* columns are for \
                     orders of one line",
                    l.column
                ),
            ));
        }
        use OrderTarget::*;
        errors.extend(one_column_each(
            mapped,
            &[
                (&[PersonId, PersonEmail, PersonExternalId], "person"),
                (&[CompanyId, CompanyDomain, CompanyExternalId], "company"),
            ],
            "an order",
        ));
        errors
    }

    fn feeds(_mapped: &[ColumnMap<OrderTarget>], _on: MatchOn) -> bool {
        false
    }
}

/// An orders import's checked mapping.
pub type Mapping = crm_records::import::Mapping<OrderTarget>;

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        Mapping::given(pairs, &[])
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_shop_export_of_one_line_orders_maps_to_line_columns() {
        let m = Mapping::given(
            &[
                ("Order", "external_id"),
                ("Email", "person.email"),
                ("SKU", "line.sku"),
                ("Qty", "line.quantity"),
                ("Currency", "currency"),
            ],
            &[],
        );
        assert!(m.is_ok_and(|m| m.0.len() == 5));
    }

    #[test]
    fn lines_come_from_one_array_or_from_line_columns_but_not_both() {
        assert_eq!(
            codes(&[("Items", "lines"), ("SKU", "line.sku")]),
            [("mapping.SKU".to_string(), "conflicting_target".to_string())]
        );
    }

    #[test]
    fn an_order_names_its_person_by_one_column() {
        assert_eq!(
            codes(&[
                ("Email", "person.email"),
                ("Customer", "person.external_id")
            ]),
            [(
                "mapping.Customer".to_string(),
                "conflicting_target".to_string()
            )]
        );
    }

    #[test]
    fn orders_match_on_no_key() {
        assert!(OrderTarget::KEYS.is_empty());
        assert_eq!(OrderTarget::parse("line.sku"), Some(OrderTarget::LineSku));
        assert_eq!(OrderTarget::parse("total"), None);
    }
}
