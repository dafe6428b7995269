//! An order's refunds: each a row with who, when and why; the order keeps their sum.

use super::one;
use crate::entities::{order, order_refund};
use crate::error::Result;
use crate::journal;
use crate::record::{self, State, find, in_org};
use crate::repos::common::units;
use crate::time;
use crm_core::Actor;
use crm_core::ids::{OrgId, UserId};
use crm_opportunities::events;
use crm_opportunities::opportunity::MoneyInput;
use crm_opportunities::order::{Order, Refund};
use crm_records::money::{Currency, Money};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The stored refunds of `orders`, each order's oldest first.
pub(super) async fn of<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<order_refund::Model>>> {
    let rows = in_org::<order_refund::Entity>(org)
        .filter(order_refund::Column::OrderId.is_in(orders.iter().copied()))
        .order_by_asc(order_refund::Column::OrderId)
        .order_by_asc(order_refund::Column::Id)
        .all(c)
        .await?;
    let mut by = HashMap::<Uuid, Vec<order_refund::Model>>::new();
    for r in rows {
        by.entry(r.order_id).or_default().push(r);
    }
    Ok(by)
}

/// The refunds stored rows stand for.
pub(super) fn view(rows: Vec<order_refund::Model>, currency: Currency) -> Vec<Refund> {
    rows.into_iter()
        .map(|r| Refund {
            id: r.id,
            amount: Money::from_units(r.amount_units, currency),
            reason: r.reason,
            refunded_at: r.refunded_at,
            refunded_by: r.refunded_by.map(UserId),
        })
        .collect()
}

/// Refunds `amount` of order `id` inside the caller's transaction.
pub(super) async fn refund_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    amount: MoneyInput,
    reason: Option<String>,
    if_version: Option<i64>,
) -> Result<Order> {
    let row = find::<order::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let (refunded, status) = before.refund(amount)?;
    let given = refunded.amount() - before.refunded.amount();
    let given =
        Money::new(given, before.currency, "amount").map_err(crm_core::DomainError::from)?;
    let now = time::now();
    order_refund::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        order_id: Set(id),
        amount_units: Set(units(given)?),
        reason: Set(reason),
        refunded_at: Set(now),
        refunded_by: Set(actor.principal.user().map(Into::into)),
    }
    .insert(txn)
    .await?;
    let mut am: order::ActiveModel = row.into();
    am.refunded_units = Set(units(refunded)?);
    am.status = Set(status.as_str().into());
    am.updated_at = Set(now);
    am.version = Set(before.version + 1);
    let row = am.update(txn).await?;
    let after = one(txn, row).await?;
    super::spend::refresh(txn, actor, &super::write::touched(&[&after])).await?;
    journal::record_change(
        txn,
        actor,
        events::ORDER_REFUNDED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}
