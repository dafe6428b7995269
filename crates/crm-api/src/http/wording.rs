//! Serde's and chrono's error texts in plain words for the `errors[].message` of a 400 or
//! 422: "unknown variant `Lead`, expected one of `lead`, …" becomes "must be one of:
//! lead, …", and a wrong JSON type says which type belongs there. Texts this does not
//! know pass through with their line and column removed.

/// The code and message of a field error made from a deserializer's text.
pub fn plain(message: &str) -> (&'static str, String) {
    let message = message.split(" at line ").next().unwrap_or_default();
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let given = rest.split('`').next().unwrap_or_default();
        let allowed = rest
            .split_once("expected ")
            .map(|(_, e)| ticked(e))
            .unwrap_or_default();
        return (
            "invalid_value",
            format!(
                "'{given}' is not allowed; must be one of: {}",
                allowed.join(", ")
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = got.split(' ').next().unwrap_or(got);
        let got = match got {
            "map" => "an object",
            "sequence" | "array" => "an array",
            "integer" | "floating" => "a number",
            "string" => "a string",
            "boolean" => "a boolean",
            "null" => "null",
            other => other,
        };
        return (
            "invalid_type",
            format!("must be {}, not {got}", expected(want)),
        );
    }
    if message.starts_with("UUID parsing failed") || message.starts_with("invalid character") {
        return ("invalid_format", "must be a UUID".into());
    }
    if matches!(
        message,
        "premature end of input"
            | "input contains invalid characters"
            | "trailing input"
            | "input is out of range"
            | "no possible date and time matching input"
            | "input is not enough for unique date and time"
    ) {
        return (
            "invalid_format",
            "must be a date (2026-01-31) or a date-time with its offset (2026-01-31T09:30:00Z), as the field's schema says".into(),
        );
    }
    ("invalid_type", message.to_string())
}

/// The names between backticks: "one of `a`, `b`" or "`a` or `b`".
fn ticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// What serde's "expected …" names, in plain words.
fn expected(want: &str) -> String {
    let w = want.trim();
    let kind = match w {
        "a string" | "a borrowed string" | "string" => "a string",
        "a boolean" | "bool" => "true or false",
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => {
            "a whole number"
        }
        "f32" | "f64" => "a number",
        "a sequence" => "an array",
        "a map" => "an object",
        _ if w.starts_with("struct ") || w.starts_with("a map") => "an object",
        _ if w.starts_with("a sequence") || w.starts_with("a tuple") => "an array",
        _ if w.starts_with("a UUID") || w.contains("UUID") => "a UUID string",
        _ if w.contains("datetime") || w.contains("date") => "a date or date-time string",
        _ if w.contains("decimal") || w.contains("Decimal") => "a decimal number as a string",
        _ if w.starts_with("enum ") || w.contains("variant") => "one of the listed values",
        "" => "another type",
        other => return other.to_string(),
    };
    kind.to_string()
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn an_unknown_enum_value_lists_the_allowed_ones() {
        let (code, m) = plain(
            "unknown variant `Lead`, expected one of `lead`, `prospect`, `customer` at line 1 column 30",
        );
        assert_eq!(code, "invalid_value");
        assert_eq!(
            m,
            "'Lead' is not allowed; must be one of: lead, prospect, customer"
        );
        let (_, m) = plain("unknown variant `x`, expected `small` or `large`");
        assert_eq!(m, "'x' is not allowed; must be one of: small, large");
    }

    #[test]
    fn a_wrong_json_type_names_the_one_that_belongs() {
        assert_eq!(
            plain("invalid type: integer `1`, expected a string at line 1 column 9").1,
            "must be a string, not a number"
        );
        assert_eq!(
            plain("invalid type: string \"x\", expected i64").1,
            "must be a whole number, not a string"
        );
        assert_eq!(
            plain("invalid type: sequence, expected struct CreatePersonRequest").1,
            "must be an object, not an array"
        );
        assert_eq!(
            plain("invalid type: null, expected a boolean").1,
            "must be true or false, not null"
        );
    }

    #[test]
    fn uuid_and_time_errors_say_the_format_wanted() {
        assert_eq!(
            plain(
                "UUID parsing failed: invalid length: expected length 32 for simple format, found 3"
            )
            .0,
            "invalid_format"
        );
        assert!(
            plain("premature end of input")
                .1
                .contains("2026-01-31T09:30:00Z")
        );
    }
}
