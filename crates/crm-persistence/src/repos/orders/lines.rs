//! An order's priced lines: one row each, in order, amounts, quantities and rates in
//! whole ten-thousandths.

use crate::entities::order_line;
use crate::error::Result;
use crate::record::{self, in_org};
use crate::repos::common::{stored, units as money_units};
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError};
use crm_opportunities::order::{OrderLine, PriceSource};
use crm_opportunities::product::ProductId;
use crm_records::money::{Currency, Money, SCALE};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The stored rows of the lines of `orders`, each order's in position order.
pub(super) async fn of<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<order_line::Model>>> {
    let rows = in_org::<order_line::Entity>(org)
        .filter(order_line::Column::OrderId.is_in(orders.iter().copied()))
        .order_by_asc(order_line::Column::OrderId)
        .order_by_asc(order_line::Column::Position)
        .all(c)
        .await?;
    let mut by = HashMap::<Uuid, Vec<order_line::Model>>::new();
    for r in rows {
        by.entry(r.order_id).or_default().push(r);
    }
    Ok(by)
}

/// A quantity or percentage as stored.
fn decimal(units: i64) -> Decimal {
    Decimal::new(units, SCALE).normalize()
}

/// A quantity or percentage to store; the checks keep them to [`SCALE`] places and
/// small, so this only fails on a broken invariant.
fn units(d: Decimal) -> Result<i64> {
    (d * Decimal::from(10_i64.pow(SCALE)))
        .to_i64()
        .ok_or_else(|| DomainError::internal("a line's quantity or rate does not fit").into())
}

/// The lines stored rows stand for.
pub(super) fn view(rows: Vec<order_line::Model>, currency: Currency) -> Result<Vec<OrderLine>> {
    let money = |units| Money::from_units(units, currency);
    rows.into_iter()
        .map(|r| {
            Ok(OrderLine {
                product_id: r.product_id.map(ProductId),
                sku: r.sku,
                description: r.description,
                quantity: decimal(r.quantity_units),
                unit_price: money(r.unit_price_units),
                price_source: stored("price source", &r.price_source, PriceSource::parse)?,
                price_list_id: r.price_list_id,
                gross: money(r.gross_units),
                discount_percent: r.discount_percent_units.map(decimal),
                discount: money(r.discount_units),
                net: money(r.net_units),
                tax_category: r.tax_category,
                tax_rate: decimal(r.tax_rate_units),
                tax: money(r.tax_units),
                total: money(r.total_units),
            })
        })
        .collect()
}

/// Replaces order `id`'s lines with `lines`, in one insert.
pub(super) async fn write<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    lines: &[OrderLine],
    replacing: bool,
) -> Result<()> {
    if replacing {
        record::delete_in::<order_line::Entity>(actor.org_id)
            .filter(order_line::Column::OrderId.eq(id))
            .exec(c)
            .await?;
    }
    let rows = rows(actor, id, lines)?;
    if !rows.is_empty() {
        order_line::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// The rows of order `id`'s `lines`, to insert.
pub(super) fn rows(
    actor: &Actor,
    id: Uuid,
    lines: &[OrderLine],
) -> Result<Vec<order_line::ActiveModel>> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(order_line::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                order_id: Set(id),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                product_id: Set(l.product_id.map(|p| p.0)),
                sku: Set(l.sku.clone()),
                description: Set(l.description.clone()),
                quantity_units: Set(units(l.quantity)?),
                unit_price_units: Set(money_units(l.unit_price)?),
                price_source: Set(l.price_source.as_str().into()),
                price_list_id: Set(l.price_list_id),
                gross_units: Set(money_units(l.gross)?),
                discount_percent_units: Set(l.discount_percent.map(units).transpose()?),
                discount_units: Set(money_units(l.discount)?),
                net_units: Set(money_units(l.net)?),
                tax_category: Set(l.tax_category.clone()),
                tax_rate_units: Set(units(l.tax_rate)?),
                tax_units: Set(money_units(l.tax)?),
                total_units: Set(money_units(l.total)?),
            })
        })
        .collect::<Result<Vec<_>>>()
}
