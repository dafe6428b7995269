//! The wire schema of `crm_records::Money`, which serialises itself: an exact decimal
//! string with at least the currency's minor unit of places, and an ISO 4217 code.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An amount of money: never a JSON number, so no client rounds it through a float.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoneyDto {
    /// The exact amount as a decimal string, at most four decimal places; answers show
    /// at least the currency's minor unit (`"12.50"` EUR, `"1200"` JPY).
    #[schema(example = "12.50", pattern = "^-?[0-9]{1,15}(\\.[0-9]{1,4})?$")]
    pub amount: String,
    /// The ISO 4217 currency code.
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: String,
}

/// An amount of money that cannot be below zero (a deal's amount, a price): the same
/// shape as `MoneyDto`, with no more decimal places than the currency's minor unit
/// (2 for EUR, 0 for JPY, 3 for KWD; more is a 422, never rounded).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountDto {
    /// The exact amount as a decimal string; answers show at least the currency's minor
    /// unit of places (`"12.50"` EUR, `"1200"` JPY).
    #[schema(example = "12000.00", pattern = "^[0-9]{1,15}(\\.[0-9]{1,4})?$")]
    pub amount: String,
    /// The ISO 4217 currency code.
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: String,
}

impl From<crm_records::money::Money> for AmountDto {
    fn from(m: crm_records::money::Money) -> Self {
        Self {
            amount: m.amount_text(),
            currency: m.currency().as_str().to_string(),
        }
    }
}
