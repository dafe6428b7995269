//! One round trip for several statements: on PostgreSQL the INSERTs (and other
//! data-modifying statements) are joined as the CTEs of one statement, their
//! placeholders renumbered; on SQLite they are sent as one `;`-separated script whose
//! anonymous `?` parameters bind in order, run by the connection's thread in a row.
//! A write that knows every row it writes sends them at once (decision 0023).

use sea_orm::sea_query::{Alias, DynIden, Expr, InsertStatement, IntoIden, Query, UpdateStatement};
use sea_orm::{ActiveModelTrait, ActiveValue, DbBackend, EntityTrait, Iterable, Statement};

/// `steps` as one statement for `backend`, to run inside a transaction.
pub(crate) fn join(backend: DbBackend, steps: impl IntoIterator<Item = Statement>) -> Statement {
    match backend {
        DbBackend::Postgres => as_one(steps),
        _ => as_script(backend, steps),
    }
}

/// One row to insert, taken from the values an active model holds.
pub(crate) struct Row {
    table: DynIden,
    columns: Vec<DynIden>,
    values: Vec<sea_orm::Value>,
}

impl Row {
    pub(crate) fn of<A: ActiveModelTrait>(am: &A) -> Row {
        let mut columns = Vec::new();
        let mut values = Vec::new();
        for col in <A::Entity as EntityTrait>::Column::iter() {
            if let ActiveValue::Set(v) | ActiveValue::Unchanged(v) = am.get(col) {
                columns.push(col.into_iden());
                values.push(v);
            }
        }
        Row {
            table: A::Entity::default().into_iden(),
            columns,
            values,
        }
    }

    /// `INSERT … VALUES (…)`.
    pub(crate) fn insert(&self, backend: DbBackend) -> Statement {
        let mut q = self.statement();
        q.values_panic(self.values.iter().cloned().map(Expr::val));
        backend.build(&q)
    }

    /// `INSERT … SELECT … WHERE guard`: the row is written only when `guard` holds.
    pub(crate) fn insert_if(&self, backend: DbBackend, guard: Expr) -> Statement {
        let mut select = Query::select();
        select.exprs(self.values.iter().cloned().map(Expr::val));
        select.and_where(guard);
        let mut q = self.statement();
        // The select lists as many values as there are columns, so this cannot fail.
        let _ = q.select_from(select);
        backend.build(&q)
    }

    fn statement(&self) -> InsertStatement {
        let mut q = Query::insert();
        q.into_table(self.table.clone())
            .columns(self.columns.clone());
        q
    }
}

/// A guarded write: one single-row `update` (whose WHERE names the version it was read
/// at) and the rows that go with it (its journal, a history entry), written in one
/// statement only if the update matched a row. A row that moved since it was read
/// leaves everything as it was; the caller learns it from the count
/// [`crate::db::AtOnce::write_guarded`] answers and takes the locked path (decision 0023).
/// The statement answers one row, `n`: 1 when written, 0 when the row had moved.
/// SQLite: each INSERT runs only if the statement before it changed a row
/// (`changes() = 1`; each writes one row, so the chain holds), and the last line
/// selects `changes()`. PostgreSQL: the update returns its id in the first CTE, every
/// INSERT selects its values only if it did, and the statement counts the update's rows.
pub(crate) fn guarded(backend: DbBackend, mut update: UpdateStatement, rows: &[Row]) -> Statement {
    let mut steps = Vec::with_capacity(rows.len() + 2);
    match backend {
        DbBackend::Postgres => {
            update.returning_col(Alias::new("id"));
            steps.push(backend.build(&update));
            let s0 = || {
                Query::select()
                    .expr(Expr::val(1))
                    .from(Alias::new("s0"))
                    .to_owned()
            };
            steps.extend(
                rows.iter()
                    .map(|r| r.insert_if(backend, Expr::exists(s0()))),
            );
            steps.push(
                backend.build(
                    Query::select()
                        .expr_as(Expr::cust("count(*)"), Alias::new("n"))
                        .from(Alias::new("s0")),
                ),
            );
            as_one(steps)
        }
        _ => {
            steps.push(backend.build(&update));
            steps.extend(
                rows.iter()
                    .map(|r| r.insert_if(backend, Expr::cust("changes() = 1"))),
            );
            steps.push(Statement::from_string(backend, "SELECT changes() AS n"));
            as_script(backend, steps)
        }
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
pub(crate) fn renumber(sql: &str, by: usize) -> String {
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

    fn patch_of_ada(backend: DbBackend) -> Statement {
        use crate::entities::tag;
        use sea_orm::sea_query::ExprTrait;
        let update = Query::update()
            .table(tag::Entity)
            .value(tag::Column::Name, "ada")
            .and_where(Expr::col(tag::Column::Version).eq(3))
            .to_owned();
        let row = Row::of(&tag::ActiveModel {
            name: ActiveValue::Set("history".into()),
            ..Default::default()
        });
        guarded(backend, update, &[row])
    }

    #[test]
    fn a_guarded_write_on_sqlite_inserts_only_after_a_changed_row_and_answers_the_count() {
        let s = patch_of_ada(DbBackend::Sqlite);
        assert_eq!(
            s.sql,
            "UPDATE \"tags\" SET \"name\" = ? WHERE \"version\" = ?;\n\
             INSERT INTO \"tags\" (\"name\") SELECT ? WHERE changes() = 1;\n\
             SELECT changes() AS n"
        );
        assert_eq!(s.values.map(|v| v.0.len()), Some(3));
    }

    #[test]
    fn a_guarded_write_on_postgres_selects_its_rows_from_the_updates_returning() {
        let s = patch_of_ada(DbBackend::Postgres);
        assert_eq!(
            s.sql,
            "WITH s0 AS (UPDATE \"tags\" SET \"name\" = $1 WHERE \"version\" = $2 RETURNING \"id\"), \
             s1 AS (INSERT INTO \"tags\" (\"name\") SELECT $3 WHERE EXISTS(SELECT $4 FROM \"s0\")) \
             SELECT count(*) AS \"n\" FROM \"s0\""
        );
    }
}
