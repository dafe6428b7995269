//! People search over purchases: `spend.*` and `orders.*` filters and sorts read the
//! person's line of `customer_purchases` (kept by the orders repository), and
//! `orders.product` a line of one of their purchases.

use crate::entities::{customer_purchase, order, order_line, person};
use crate::filter_sql::FieldSql;
use sea_orm::sea_query::{Expr, ExprTrait, Query};

/// The column of a person's `customer_purchases` line behind a `spend.*` or
/// `orders.*` field.
fn column(name: &str) -> Option<customer_purchase::Column> {
    use customer_purchase::Column as P;
    Some(match name {
        "spend.total" => P::SpentUnits,
        "spend.currency" => P::Currency,
        "orders.count" => P::OrderCount,
        "orders.first_at" => P::FirstOrderDate,
        "orders.last_at" => P::LastOrderDate,
        _ => return None,
    })
}

/// A sort on the person's purchases: the value of their line, NULL without one.
pub(super) fn sort(name: &str) -> Option<Expr> {
    let c = column(name)?;
    Some(Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .column((customer_purchase::Entity, c))
                .from(customer_purchase::Entity)
                .and_where(
                    Expr::col((
                        customer_purchase::Entity,
                        customer_purchase::Column::PartyId,
                    ))
                    .equals((person::Entity, person::Column::Id)),
                )
                .to_owned()
                .into(),
        ),
    ))
}

/// A filter on the person's purchases: their `customer_purchases` line, or a product
/// on a line of one of their purchases.
pub(super) fn field(name: &str) -> Option<FieldSql> {
    if name == "orders.product" {
        let mut from = super::rows::children_of(order::Entity, order::Column::PersonId);
        from.inner_join(
            order_line::Entity,
            Expr::col((order_line::Entity, order_line::Column::OrderId))
                .equals((order::Entity, order::Column::Id)),
        )
        .and_where(Expr::col((order::Entity, order::Column::DeletedAt)).is_null())
        .and_where(
            Expr::col((order::Entity, order::Column::Status)).is_in(
                crm_opportunities::spend::PURCHASES
                    .iter()
                    .map(|s| s.as_str()),
            ),
        );
        return Some(FieldSql::Related {
            from: Box::new(from),
            value: Expr::col((order_line::Entity, order_line::Column::ProductId)),
        });
    }
    let c = column(name)?;
    Some(FieldSql::Related {
        from: Box::new(super::rows::children_of(
            customer_purchase::Entity,
            customer_purchase::Column::PartyId,
        )),
        value: Expr::col((customer_purchase::Entity, c)),
    })
}
