//! Wire types of the tax rates: the table as read and as replaced.

use crm_opportunities::tax::{TaxRate, TaxRateInput, TaxRates};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One tax category's rate.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxRateDto {
    /// The tax category products name (`standard`, `reduced`…), once per table without
    /// regard to case.
    #[schema(example = "standard", min_length = 1, max_length = 50, pattern = "\\S")]
    pub category: String,
    /// What it is called on invoices.
    #[schema(example = "VAT 20%", max_length = 100)]
    pub name: Option<String>,
    /// The percentage as an exact decimal string, 0 to 100, at most four places.
    #[schema(
        example = "20",
        pattern = "^(100(\\.0{1,4})?|[0-9]{1,2}(\\.[0-9]{1,4})?)$"
    )]
    pub rate: String,
}

impl From<TaxRate> for TaxRateDto {
    fn from(r: TaxRate) -> Self {
        Self {
            category: r.category,
            name: r.name,
            rate: r.rate.to_string(),
        }
    }
}

impl From<TaxRateDto> for TaxRateInput {
    fn from(r: TaxRateDto) -> Self {
        TaxRateInput {
            category: r.category,
            name: r.name,
            rate: r.rate,
        }
    }
}

/// The organisation's tax rates: the percentage orders apply to each tax category.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaxRatesDto {
    /// Every rate, in the order given.
    pub rates: Vec<TaxRateDto>,
    /// The version, for `If-Match` (0 until first set).
    pub version: i64,
}

impl TaxRatesDto {
    pub fn new(t: TaxRates, version: i64) -> Self {
        Self {
            rates: t.rates.into_iter().map(Into::into).collect(),
            version,
        }
    }
}

/// The whole table of rates, replacing the stored one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rates": [{"category": "standard", "name": "VAT 20%", "rate": "20"}, {"category": "reduced", "name": "VAT 5.5%", "rate": "5.5"}, {"category": "zero", "rate": "0"}]}))]
pub struct ReplaceTaxRatesRequest {
    /// Every rate; a category left out has no rate any more.
    #[schema(max_items = 100)]
    pub rates: Vec<TaxRateDto>,
}
