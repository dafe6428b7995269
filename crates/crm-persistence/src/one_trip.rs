//! One round trip for several statements: on PostgreSQL the INSERTs (and other
//! data-modifying statements) are joined as the CTEs of one statement, their
//! placeholders renumbered; on SQLite they are sent as one `;`-separated script whose
//! anonymous `?` parameters bind in order, run by the connection's thread in a row.
//! A write that knows every row it writes sends them at once (decision 0023).

use sea_orm::{DbBackend, Statement};

/// `steps` as one statement for `backend`, to run inside a transaction.
pub(crate) fn join(backend: DbBackend, steps: impl IntoIterator<Item = Statement>) -> Statement {
    match backend {
        DbBackend::Postgres => as_one(steps),
        _ => as_script(backend, steps),
    }
}

/// SQLite: the statements one after the other, their values in order.
fn as_script(backend: DbBackend, steps: impl IntoIterator<Item = Statement>) -> Statement {
    let mut sql = String::new();
    let mut values = Vec::new();
    for stmt in steps {
        if !sql.is_empty() {
            sql.push_str(";\n");
        }
        sql.push_str(&stmt.sql);
        values.extend(stmt.values.map(|v| v.0).unwrap_or_default());
    }
    Statement::from_sql_and_values(backend, sql, values)
}

/// PostgreSQL: `WITH s0 AS (INSERT …), s1 AS (INSERT …) INSERT …`, the placeholders of
/// each statement renumbered after the ones before it.
fn as_one(steps: impl IntoIterator<Item = Statement>) -> Statement {
    let mut sql = String::new();
    let mut values = Vec::new();
    let steps: Vec<Statement> = steps.into_iter().collect();
    let last = steps.len().saturating_sub(1);
    for (i, stmt) in steps.into_iter().enumerate() {
        let own = stmt.values.map(|v| v.0).unwrap_or_default();
        let body = renumber(&stmt.sql, values.len());
        values.extend(own);
        match (i, i == last) {
            (0, true) => sql.push_str(&body),
            (0, false) => sql.push_str(&format!("WITH s0 AS ({body})")),
            (_, false) => sql.push_str(&format!(", s{i} AS ({body})")),
            (_, true) => sql.push_str(&format!(" {body}")),
        }
    }
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// `sql` with each placeholder `$n` outside quotes written `$(n + by)`.
fn renumber(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(ch),
            (None, '$') if chars.peek().is_some_and(char::is_ascii_digit) => {
                let mut n = 0usize;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                    n = n * 10 + d as usize;
                    chars.next();
                }
                out.push('$');
                out.push_str(&(n + by).to_string());
                continue;
            }
            _ => {}
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_after_the_statements_before_and_quotes_are_left_alone() {
        assert_eq!(
            renumber(
                r#"INSERT INTO "t$1" ("a", "b") VALUES ($1, $2), ('$3', $10)"#,
                5
            ),
            r#"INSERT INTO "t$1" ("a", "b") VALUES ($6, $7), ('$3', $15)"#
        );
    }

    #[test]
    fn several_inserts_become_one_statement_of_ctes_with_every_value_in_order() {
        let step = |sql: &str, v: Vec<sea_orm::Value>| {
            Statement::from_sql_and_values(DbBackend::Postgres, sql, v)
        };
        let one = as_one(vec![
            step("INSERT INTO a VALUES ($1, $2)", vec![1.into(), 2.into()]),
            step("INSERT INTO b VALUES ($1)", vec![3.into()]),
            step("INSERT INTO c VALUES ($1, $2)", vec![4.into(), 5.into()]),
        ]);
        assert_eq!(
            one.sql,
            "WITH s0 AS (INSERT INTO a VALUES ($1, $2)), s1 AS (INSERT INTO b VALUES ($3)) \
             INSERT INTO c VALUES ($4, $5)"
        );
        assert_eq!(one.values.map(|v| v.0.len()), Some(5));
    }
}
