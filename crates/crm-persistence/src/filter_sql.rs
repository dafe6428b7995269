//! Translates a validated filter tree into a sea-query condition with bound values only.
//! Each resource supplies the column behind every field name of its catalogue.

use crm_core::DomainError;
use crm_core::filter::{Condition as Cond, Filter, Op, Operand, Scalar};
use rust_decimal::prelude::ToPrimitive;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, LikeExpr, Value};

/// Decimals (money included) are stored as integers of ten-thousandths.
pub(crate) const DECIMAL_SCALE: u32 = 4;

fn value(s: &Scalar) -> Result<Value, DomainError> {
    Ok(match s {
        Scalar::Text(t) => t.clone().into(),
        Scalar::Uuid(u) => (*u).into(),
        Scalar::Integer(i) => (*i).into(),
        Scalar::Decimal(d) => {
            let scaled = (*d * rust_decimal::Decimal::from(10_i64.pow(DECIMAL_SCALE))).trunc();
            scaled
                .to_i64()
                .ok_or_else(|| {
                    DomainError::field("filter", "out_of_range", "the decimal value is too large")
                })?
                .into()
        }
        Scalar::Timestamp(t) => (*t).into(),
        Scalar::Date(d) => (*d).into(),
        Scalar::Boolean(b) => (*b).into(),
    })
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn text(s: &Scalar) -> String {
    match s {
        Scalar::Text(t) => t.to_lowercase(),
        _ => String::new(),
    }
}

fn leaf(c: &Cond, column: &dyn Fn(&str) -> Option<Expr>) -> Result<Condition, DomainError> {
    let col = column(&c.field).ok_or_else(|| {
        DomainError::Internal(format!("no column is mapped for filter field {}", c.field))
    })?;
    let one = |op: fn(Expr, Value) -> Expr| -> Result<Expr, DomainError> {
        match &c.operand {
            Operand::One(s) => Ok(op(col.clone(), value(s)?)),
            _ => Err(DomainError::Internal("operator expects one value".into())),
        }
    };
    let expr = match c.op {
        Op::Eq => one(|c, v| c.eq(v))?,
        Op::Neq => Expr::expr(one(|c, v| c.ne(v))?).or(col.clone().is_null()),
        Op::Lt => one(|c, v| c.lt(v))?,
        Op::Lte => one(|c, v| c.lte(v))?,
        Op::Gt => one(|c, v| c.gt(v))?,
        Op::Gte => one(|c, v| c.gte(v))?,
        Op::In | Op::NotIn => {
            let Operand::Many(items) = &c.operand else {
                return Err(DomainError::Internal("operator expects a list".into()));
            };
            let values = items.iter().map(value).collect::<Result<Vec<_>, _>>()?;
            if c.op == Op::In {
                col.is_in(values)
            } else {
                Expr::expr(col.clone().is_not_in(values)).or(col.is_null())
            }
        }
        Op::Contains | Op::StartsWith => {
            let Operand::One(s) = &c.operand else {
                return Err(DomainError::Internal("operator expects one value".into()));
            };
            let needle = like_escape(&text(s));
            let pattern = if c.op == Op::Contains {
                format!("%{needle}%")
            } else {
                format!("{needle}%")
            };
            Expr::expr(Func::lower(col)).like(LikeExpr::new(pattern).escape('\\'))
        }
        Op::IsNull => match c.operand {
            Operand::Flag(true) => col.is_null(),
            _ => col.is_not_null(),
        },
    };
    // SQL's NULL would make `not` drop rows whose field is missing; a comparison with a
    // missing value is false instead, so `not` keeps them.
    let two_valued = match c.op {
        Op::Neq | Op::NotIn | Op::IsNull => expr,
        _ if c.nullable => column(&c.field)
            .ok_or_else(|| DomainError::Internal(format!("no column for {}", c.field)))?
            .is_not_null()
            .and(expr),
        _ => expr,
    };
    Ok(Condition::all().add(two_valued))
}

/// The condition for `filter`, mapping field names to columns with `column`.
pub(crate) fn condition(
    filter: &Filter,
    column: &dyn Fn(&str) -> Option<Expr>,
) -> Result<Condition, DomainError> {
    Ok(match filter {
        Filter::All(items) => items.iter().try_fold(Condition::all(), |acc, f| {
            condition(f, column).map(|c| acc.add(c))
        })?,
        Filter::Any(items) => items.iter().try_fold(Condition::any(), |acc, f| {
            condition(f, column).map(|c| acc.add(c))
        })?,
        Filter::Not(inner) => condition(inner, column)?.not(),
        Filter::Condition(c) => leaf(c, column)?,
    })
}
