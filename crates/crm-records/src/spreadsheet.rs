//! Cells a spreadsheet would run as a formula (OWASP "CSV injection"): written with a
//! leading `'` in every CSV this API writes, and read back without it on import, so an
//! export imported again gives the same values.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula or a command.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a CSV export writes it: with a `'` in front when it starts like a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(TRIGGERS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell read from an imported CSV: a `'` that [`neutralise`] put in front is taken off.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_starts_like_a_formula_is_quoted_and_read_back_as_it_was() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+44 20 7946 0000",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let written = neutralise(cell);
            assert!(written.starts_with('\''), "{cell:?}");
            assert_eq!(restore(&written), cell);
        }
        for cell in ["Ada", "", "'quoted'", "a=b", "'", "''=x"] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
    }
}
