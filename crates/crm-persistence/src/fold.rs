//! Case-insensitive text matching that folds Unicode the same way on both databases.
//!
//! PostgreSQL's `LOWER()` lower-cases every letter (`Ñ` → `ñ`, `É` → `é`); SQLite's
//! folds ASCII only, and it has no way to add a function without unsafe code. So on
//! SQLite a match is a `GLOB` whose letters are classes of their case forms (`ñ` →
//! `[ñÑ]`): the same rows as PostgreSQL's `LOWER(col) LIKE LOWER(needle)`, with the
//! stored text untouched (decision 0041).

use sea_orm::DbBackend;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How the needle has to sit in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// The whole text, ignoring case.
    Equals,
    /// Anywhere in the text.
    Contains,
    /// At the start of the text.
    StartsWith,
}

/// The simple lower-case form of `c`, as PostgreSQL's `LOWER()` gives it: one character
/// (`İ` → `i`, where the full mapping adds a combining dot).
fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// `s` lower-cased letter by letter (no context rules such as a final sigma), as
/// PostgreSQL's `LOWER()` does.
pub(crate) fn fold(s: &str) -> String {
    s.chars().map(lower).collect()
}

/// For each lower-case letter, the other characters that lower-case to it (`i` ← `I`,
/// `İ`; `k` ← `K` and the Kelvin sign): built once from every Unicode scalar value.
fn upper_forms() -> &'static HashMap<char, Vec<char>> {
    static FORMS: OnceLock<HashMap<char, Vec<char>>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms: HashMap<char, Vec<char>> = HashMap::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let l = lower(c);
            if l != c {
                forms.entry(l).or_default().push(c);
            }
        }
        forms
    })
}

/// Builds the table of case forms off the request path (a walk over every scalar value,
/// some milliseconds), so the first search on SQLite does not pay for it.
pub(crate) fn warm() {
    upper_forms();
}

/// Every character that lower-cases to the same character as `c`, `c` first.
fn case_forms(c: char) -> Vec<char> {
    let target = lower(c);
    let mut forms = vec![c];
    let others = upper_forms().get(&target).map(Vec::as_slice).unwrap_or(&[]);
    for &f in std::iter::once(&target).chain(others) {
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    forms
}

/// The `GLOB` pattern for `needle` on SQLite: letters as classes of their case forms,
/// the pattern characters `*`, `?` and `[` taken literally.
fn glob(needle: &str, how: Match) -> String {
    let mut p = String::with_capacity(needle.len() * 3 + 2);
    if how == Match::Contains {
        p.push('*');
    }
    for c in needle.chars() {
        let forms = case_forms(c);
        if forms.len() > 1 {
            p.push('[');
            p.extend(forms);
            p.push(']');
        } else if matches!(c, '*' | '?' | '[') {
            p.push('[');
            p.push(c);
            p.push(']');
        } else {
            p.push(c);
        }
    }
    if how != Match::Equals {
        p.push('*');
    }
    p
}

/// `s` with the `LIKE` wildcards and the escape character escaped (escape `\\`).
pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `col` matches `needle` as `how` says, ignoring case, on `backend`.
pub(crate) fn matches(col: Expr, needle: &str, how: Match, backend: DbBackend) -> Expr {
    if backend == DbBackend::Sqlite {
        return col.binary(
            sea_orm::sea_query::BinOper::Custom("GLOB"),
            Expr::val(glob(needle, how)),
        );
    }
    let lowered = Expr::expr(Func::lower(col));
    let needle = fold(needle);
    match how {
        Match::Equals => lowered.eq(needle),
        Match::Contains => {
            lowered.like(LikeExpr::new(format!("%{}%", like_escape(&needle))).escape('\\'))
        }
        Match::StartsWith => {
            lowered.like(LikeExpr::new(format!("{}%", like_escape(&needle))).escape('\\'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_become_classes_of_their_case_forms_and_pattern_characters_stay_literal() {
        assert_eq!(glob("Ñu", Match::Contains), "*[Ññ][uU]*");
        assert_eq!(glob("é*?[]1", Match::StartsWith), "[éÉ][*][?][[]]1*");
        assert_eq!(glob("a-b", Match::Equals), "[aA]-[bB]");
    }

    #[test]
    fn a_class_holds_only_forms_that_lower_case_alike() {
        // The final sigma lower-cases to itself, not to σ: Σ is not one of its forms.
        assert_eq!(case_forms('ς'), ['ς']);
        assert_eq!(case_forms('Σ'), ['Σ', 'σ']);
        assert_eq!(case_forms('i'), ['i', 'I', 'İ']);
        assert_eq!(case_forms('K'), ['K', 'k', '\u{212A}']);
        assert_eq!(fold("ΟΔΟΣ"), "οδοσ");
        assert_eq!(fold("İSTANBUL"), "istanbul");
    }
}
