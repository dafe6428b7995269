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
