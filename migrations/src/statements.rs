//! The statement builders later migrations share: a column by name, a foreign key named
//! after its table and column, an index. Migrations written before this module keep
//! their own copies (an applied migration is never edited).

use sea_orm_migration::prelude::*;

/// A column definition by name.
pub(crate) fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

/// `table.column` references `to.id`, named `fk_<table>_<column>`.
pub(crate) fn fk(
    table: &str,
    column: &str,
    to: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

/// An index on `cols` of `table`, created if missing.
pub(crate) fn index(table: &str, name: &str, cols: &[&str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Alias::new(table)).if_not_exists();
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
