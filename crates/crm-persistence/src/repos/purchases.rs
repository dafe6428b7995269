//! Search over a customer's purchases, for people and companies alike: `spend.*` and
//! `orders.*` filters and sorts read the customer's line of `customer_purchases` (kept
//! by the orders repository), and `orders.product` a line of one of their purchases.

use crate::entities::{company, customer_purchase, order, order_line, person};
use crate::filter_sql::FieldSql;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};

/// Whose purchases a search reads: the customer's id column in the outer query, and
/// the column of an order naming them.
#[derive(Clone, Copy)]
pub(crate) enum Buyer {
    Person,
    Company,
}

impl Buyer {
    fn id(self) -> Expr {
        match self {
            Buyer::Person => Expr::col((person::Entity, person::Column::Id)),
            Buyer::Company => Expr::col((company::Entity, company::Column::Id)),
        }
    }

    fn order_column(self) -> order::Column {
        match self {
            Buyer::Person => order::Column::PersonId,
            Buyer::Company => order::Column::CompanyId,
        }
    }
}

/// The column of a customer's `customer_purchases` line behind a `spend.*` or
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

/// The customer's line, correlated with the outer query's row.
fn line_of(buyer: Buyer) -> SelectStatement {
    Query::select()
        .from(customer_purchase::Entity)
        .and_where(
            Expr::col((
                customer_purchase::Entity,
                customer_purchase::Column::PartyId,
            ))
            .eq(buyer.id()),
        )
        .to_owned()
}

/// A sort on the customer's purchases: the value of their line, NULL without one.
pub(crate) fn sort(name: &str, buyer: Buyer) -> Option<Expr> {
    let c = column(name)?;
    let mut q = line_of(buyer);
    q.column((customer_purchase::Entity, c));
    Some(Expr::SubQuery(None, Box::new(q.into())))
}

/// A filter on the customer's purchases: their `customer_purchases` line, or a product
/// on a line of one of their purchases.
pub(crate) fn field(name: &str, buyer: Buyer) -> Option<FieldSql> {
    if name == "orders.product" {
        let from = Query::select()
            .expr(Expr::cust("1"))
            .from(order::Entity)
            .inner_join(
                order_line::Entity,
                Expr::col((order_line::Entity, order_line::Column::OrderId))
                    .equals((order::Entity, order::Column::Id)),
            )
            .and_where(Expr::col((order::Entity, buyer.order_column())).eq(buyer.id()))
            .and_where(Expr::col((order::Entity, order::Column::DeletedAt)).is_null())
            .and_where(
                Expr::col((order::Entity, order::Column::Status)).is_in(
                    crm_opportunities::spend::PURCHASES
                        .iter()
                        .map(|s| s.as_str()),
                ),
            )
            .to_owned();
        return Some(FieldSql::Related {
            from: Box::new(from),
            value: Expr::col((order_line::Entity, order_line::Column::ProductId)),
        });
    }
    let c = column(name)?;
    let mut from = line_of(buyer);
    from.expr(Expr::cust("1"));
    Some(FieldSql::Related {
        from: Box::new(from),
        value: Expr::col((customer_purchase::Entity, c)),
    })
}
