//! Money: an exact decimal amount in one ISO 4217 currency. On the wire it is
//! `{"amount": "1234.50", "currency": "EUR"}` with the amount a string; in storage an
//! integer of ten-thousandths beside the currency code, on both databases, so sums and
//! sorts are exact (sea-orm's decimal column is a float on SQLite).

use crm_core::FieldError;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// Decimal places kept: an amount is stored as a whole number of ten-thousandths.
pub const SCALE: u32 = 4;

/// Whether `s` is a plain decimal as the wire's pattern states it: an optional `-`,
/// digits, and optionally a `.` followed by digits (`12`, `12.50`, `-3.1`; not `.5`,
/// `5.`, `1e3`, `+2` or ` 2`), at most 40 characters.
pub fn plain_decimal(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    s.len() <= 40
        && match unsigned.split_once('.') {
            Some((int, frac)) => digits(int) && digits(frac),
            None => digits(unsigned),
        }
}

/// An ISO 4217 currency code: three upper-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Currencies whose minor unit is not the hundredth (ISO 4217's table, active codes).
const MINOR_UNITS: &[(&str, u32)] = &[
    ("BIF", 0),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("ISK", 0),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("PYG", 0),
    ("RWF", 0),
    ("UGX", 0),
    ("UYI", 0),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
    ("BHD", 3),
    ("IQD", 3),
    ("JOD", 3),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("TND", 3),
    ("CLF", 4),
    ("UYW", 4),
];

impl Currency {
    /// The currency of a code such as `EUR`; `None` unless three upper-case letters.
    pub fn parse(code: &str) -> Option<Currency> {
        let b = code.as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| Currency([b[0], b[1], b[2]]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Decimal places of its minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    /// `amount` as the wire shows an amount in this currency: at least its minor unit of
    /// decimal places (`12.50` EUR, `1200` JPY), more only when it has them.
    pub fn amount_text(&self, amount: Decimal) -> String {
        let mut a = amount.normalize();
        if a.scale() < self.minor_units() {
            a.rescale(self.minor_units());
        }
        a.to_string()
    }

    pub fn minor_units(&self) -> u32 {
        MINOR_UNITS
            .iter()
            .find(|(c, _)| *c == self.as_str())
            .map_or(2, |(_, u)| *u)
    }
}

/// A currency is its code on the wire and in the journal: `"EUR"`.
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Checks an amount: at most [`SCALE`] decimal places (more is refused, never
    /// rounded) and small enough to store. `field` names it in the error.
    pub fn new(amount: Decimal, currency: Currency, field: &str) -> Result<Money, FieldError> {
        if amount.normalize().scale() > SCALE {
            return Err(FieldError::new(
                format!("{field}.amount"),
                "too_precise",
                format!("at most {SCALE} decimal places"),
            ));
        }
        let m = Money { amount, currency };
        if m.units().is_none() {
            return Err(FieldError::new(
                format!("{field}.amount"),
                "out_of_range",
                "the amount is too large",
            ));
        }
        Ok(m)
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Money as given on the wire, checked with errors naming `field`: a plain decimal
    /// string (`"12.50"`: no exponent, no spaces) and an ISO 4217 code.
    pub fn parse(amount: &str, currency: &str, field: &str) -> Result<Money, FieldError> {
        let currency = Currency::parse(currency).ok_or_else(|| {
            FieldError::new(
                format!("{field}.currency"),
                "invalid_format",
                "an ISO 4217 currency code such as EUR",
            )
        })?;
        let parsed = plain_decimal(amount)
            .then(|| amount.parse::<Decimal>().ok())
            .flatten()
            .ok_or_else(|| {
                FieldError::new(
                    format!("{field}.amount"),
                    "invalid_format",
                    "a decimal string such as \"12.50\"",
                )
            })?;
        Money::new(parsed, currency, field)
    }

    /// Refuses an amount with more decimal places than its currency's minor unit (a
    /// price, a deal's amount: `12.345` EUR), never rounding it.
    pub fn in_minor_units(self, field: &str) -> Result<Money, FieldError> {
        let places = self.currency.minor_units();
        if self.amount.normalize().scale() > places {
            return Err(FieldError::new(
                format!("{field}.amount"),
                "too_precise",
                format!(
                    "{} amounts have at most {places} decimal places",
                    self.currency.as_str()
                ),
            ));
        }
        Ok(self)
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// The stored form: whole ten-thousandths.
    pub fn units(&self) -> Option<i64> {
        (self.amount * Decimal::from(10_i64.pow(SCALE))).to_i64()
    }

    /// The money a stored row holds.
    pub fn from_units(units: i64, currency: Currency) -> Money {
        Money {
            amount: Decimal::new(units, SCALE),
            currency,
        }
    }

    /// The amount as the wire shows it: at least the currency's minor unit of decimal
    /// places (`12.50` EUR, `1200` JPY), more only when it has them (`0.1234` EUR).
    pub fn amount_text(&self) -> String {
        self.currency.amount_text(self.amount)
    }
}

/// Money as the wire holds it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    amount: String,
    currency: String,
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            amount: self.amount_text(),
            currency: self.currency.as_str().to_string(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        use serde::de::Error;
        let w = Wire::deserialize(d)?;
        let currency = Currency::parse(&w.currency)
            .ok_or_else(|| D::Error::custom("currency must be an ISO 4217 code such as EUR"))?;
        let amount = plain_decimal(&w.amount)
            .then(|| w.amount.parse::<Decimal>().ok())
            .flatten()
            .ok_or_else(|| D::Error::custom("amount must be a decimal string such as \"12.50\""))?;
        Money::new(amount, currency, "money").map_err(|e| D::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn eur(s: &str) -> Money {
        Money::new(
            Decimal::from_str(s).unwrap(),
            Currency::parse("EUR").unwrap(),
            "m",
        )
        .unwrap()
    }

    #[test]
    fn amounts_add_exactly_in_stored_units() {
        let sum: i64 = [eur("0.1"), eur("0.2")]
            .iter()
            .filter_map(Money::units)
            .sum();
        let currency = Currency::parse("EUR").unwrap();
        assert_eq!(Money::from_units(sum, currency), eur("0.3"));
        let thousand: i64 = (0..1000).filter_map(|_| eur("1234.50").units()).sum();
        assert_eq!(
            Money::from_units(thousand, currency).amount_text(),
            "1234500.00"
        );
    }

    #[test]
    fn the_wire_keeps_the_minor_unit_and_refuses_numbers_and_extra_precision() {
        let m: Money = serde_json::from_str(r#"{"amount": "12.5", "currency": "EUR"}"#).unwrap();
        assert_eq!(
            serde_json::to_value(m).unwrap(),
            serde_json::json!({"amount": "12.50", "currency": "EUR"})
        );
        let yen: Money = serde_json::from_str(r#"{"amount": "1200", "currency": "JPY"}"#).unwrap();
        assert_eq!(yen.amount_text(), "1200");
        for bad in [
            r#"{"amount": 12.5, "currency": "EUR"}"#,
            r#"{"amount": "12.00001", "currency": "EUR"}"#,
            r#"{"amount": "12.5", "currency": "eur"}"#,
            r#"{"amount": "1e3", "currency": "EUR"}"#,
            r#"{"amount": "12.5", "currency": "EUR", "rate": 1}"#,
        ] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_amount_too_large_to_store_is_refused_not_wrapped() {
        let huge = Decimal::from(i64::MAX);
        let e = Money::new(huge, Currency::parse("USD").unwrap(), "price").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("price.amount", "out_of_range")
        );
    }

    #[test]
    fn a_parsed_amount_names_its_field_and_keeps_to_the_currency_minor_unit() {
        let m = Money::parse("1200.5", "EUR", "amount").unwrap();
        assert_eq!(m.in_minor_units("amount").unwrap().amount_text(), "1200.50");
        let e = Money::parse("1200.505", "EUR", "amount")
            .unwrap()
            .in_minor_units("amount")
            .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("amount.amount", "too_precise")
        );
        let yen = Money::parse("12.5", "JPY", "amount").unwrap();
        assert!(yen.in_minor_units("amount").is_err());
        for (amount, currency, field) in [
            ("1e3", "EUR", "amount.amount"),
            (".5", "EUR", "amount.amount"),
            ("5.", "EUR", "amount.amount"),
            ("+5", "EUR", "amount.amount"),
            (" 12", "EUR", "amount.amount"),
            ("12", "eur", "amount.currency"),
        ] {
            let e = Money::parse(amount, currency, "amount").unwrap_err();
            assert_eq!(e.field, field, "{amount} {currency}");
        }
        assert!(Money::parse("-1", "EUR", "amount").unwrap().is_negative());
        assert!(!Money::parse("-0", "EUR", "amount").unwrap().is_negative());
    }

    proptest! {
        #[test]
        fn every_storable_amount_reads_back_as_written(units in -1_000_000_000_000_000i64..1_000_000_000_000_000i64) {
            let c = Currency::parse("KWD").unwrap();
            let m = Money::from_units(units, c);
            prop_assert_eq!(m.units(), Some(units));
            let back: Money = serde_json::from_value(serde_json::to_value(m).unwrap()).unwrap();
            prop_assert_eq!(back.units(), Some(units));
        }
    }
}
