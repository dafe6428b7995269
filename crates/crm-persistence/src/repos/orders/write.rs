//! Writing orders: each priced from the catalogue as it is inside the transaction that
//! stores it, then stored with its lines, tags, custom fields and journal entry.

use super::spend::{self, Touched};
use super::{lines, one};
use crate::entities::{opportunity, order, order_line};
use crate::error::{ConflictAs, Result};
use crate::journal;
use crate::one_trip;
use crate::record::{self, Record, State, find};
use crate::repos::common::units;
use crate::repos::links::{Kind, check_one};
use crate::repos::{price_lists, products, tax_rates};
use crate::time;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::ids::{CompanyId, PersonId};
use crm_core::{Actor, DomainError};
use crm_opportunities::events;
use crm_opportunities::opportunity::OpportunityId;
use crm_opportunities::order::pricing::{self, Catalogue, Priced};
use crm_opportunities::order::{
    Conversion, LineDraft, NewOrder, Order, OrderId, OrderPatch, OrderStatus,
};
use crm_opportunities::price_list::PriceList;
use crm_opportunities::product::Product;
use crm_opportunities::tax::TaxRates;
use crm_records::money::{Currency, Money};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

const TAKEN: &str = "an order with this external_id, or of this opportunity, already exists";

/// What orders are priced from, read once for one order or a whole import batch: the
/// live products their lines name, the price lists (in `currency` when one is given)
/// when a line looks its price up or names a list, and the tax rates when a line or its
/// product has a tax category.
pub(super) struct Stock {
    products: HashMap<Uuid, Product>,
    price_lists: Vec<PriceList>,
    tax: TaxRates,
}

impl Stock {
    /// Reads what pricing `orders` (each its lines and the list it names) needs.
    pub(super) async fn read<C: ConnectionTrait>(
        c: &C,
        actor: &Actor,
        orders: &[(&[LineDraft], Option<Uuid>)],
        currency: Option<Currency>,
    ) -> Result<Stock> {
        let mut named: Vec<Uuid> = orders
            .iter()
            .flat_map(|(lines, _)| pricing::products_named(lines))
            .collect();
        named.sort_unstable();
        named.dedup();
        let products = products::for_pricing(c, actor, &named).await?;
        let looks_up = orders.iter().any(|(lines, list)| {
            list.is_some()
                || lines
                    .iter()
                    .any(|d| d.unit_price.is_none() && d.product_id.is_some())
        });
        let price_lists = if looks_up {
            price_lists::live_in(c, actor, currency).await?
        } else {
            Vec::new()
        };
        let taxed = orders
            .iter()
            .any(|(lines, _)| lines.iter().any(|d| d.tax_category.is_some()))
            || products.values().any(|p| p.tax_category.is_some());
        let tax = if taxed {
            tax_rates::rates_in(c, actor).await?.0
        } else {
            Default::default()
        };
        Ok(Stock {
            products,
            price_lists,
            tax,
        })
    }

    /// Prices `drafts` by the domain's rule from what was read.
    pub(super) fn price(
        &self,
        drafts: Vec<LineDraft>,
        currency: Currency,
        day: NaiveDate,
        price_list: Option<Uuid>,
    ) -> Result<Priced> {
        let catalogue = Catalogue {
            products: &self.products,
            price_lists: &self.price_lists,
            tax: &self.tax,
        };
        Ok(pricing::price(
            drafts, currency, day, price_list, &catalogue,
        )?)
    }
}

/// Prices `drafts` from the products they name, the price lists in `currency` and the
/// tax rates, reading only what the lines need.
pub(crate) async fn priced<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    drafts: Vec<LineDraft>,
    currency: Currency,
    day: NaiveDate,
    price_list: Option<Uuid>,
) -> Result<Priced> {
    let stock = Stock::read(c, actor, &[(&drafts, price_list)], Some(currency)).await?;
    stock.price(drafts, currency, day, price_list)
}

/// Refuses a person or company that is not live in the organisation.
async fn check_parties<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person: Option<PersonId>,
    company: Option<CompanyId>,
) -> Result<()> {
    check_one(c, actor, Kind::Person, person.map(Into::into), "person_id").await?;
    check_one(
        c,
        actor,
        Kind::Company,
        company.map(Into::into),
        "company_id",
    )
    .await
}

/// When a status was reached: `now` for the statuses an order starts in.
fn stamp(status: OrderStatus, at: &[OrderStatus], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    at.contains(&status).then_some(now)
}

/// The customers of `orders`, whose purchase lines a change of them touches.
pub(super) fn touched(orders: &[&Order]) -> Touched {
    let mut t = Touched::default();
    for o in orders {
        t.add(o);
    }
    t
}

/// A new order as a read would show it, from its row and its priced lines, when it has
/// no tags or custom field values (the common case: a read of them is saved).
pub(super) fn view_of_new(r: order::Model, p: Priced) -> Result<Order> {
    let currency = crate::repos::common::stored("currency", &r.currency, Currency::parse)?;
    Ok(Order {
        id: OrderId(r.id),
        org_id: crm_core::ids::OrgId(r.org_id),
        person_id: r.person_id.map(PersonId),
        company_id: r.company_id.map(CompanyId),
        opportunity_id: r.opportunity_id.map(OpportunityId),
        status: crate::repos::common::stored("status", &r.status, OrderStatus::parse)?,
        currency,
        order_date: r.order_date,
        channel: r.channel,
        code: r.code,
        price_list_id: r.price_list_id,
        lines: p.lines,
        subtotal: p.subtotal,
        discount_total: p.discount_total,
        tax_total: p.tax_total,
        total: p.total,
        refunded: Money::from_units(r.refunded_units, currency),
        refunds: Vec::new(),
        notes: r.notes,
        external_id: r.external_id,
        paid_at: r.paid_at,
        fulfilled_at: r.fulfilled_at,
        cancelled_at: r.cancelled_at,
        created_by: r.created_by.map(crm_core::ids::UserId),
        tags: Vec::new(),
        custom_fields: Default::default(),
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

/// The row of new order `id`, priced as `p`, placed on `day`, stored at `now`.
pub(super) fn new_row(
    actor: &Actor,
    id: Uuid,
    n: &NewOrder,
    p: &Priced,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<order::Model> {
    use OrderStatus::*;
    Ok(order::Model {
        id,
        org_id: actor.org_id.0,
        person_id: n.person_id.map(Into::into),
        company_id: n.company_id.map(Into::into),
        opportunity_id: n.opportunity_id.map(|o| o.0),
        status: n.status.as_str().into(),
        currency: n.currency.as_str().into(),
        order_date: day,
        channel: n.channel.clone(),
        code: n.code.clone(),
        price_list_id: n.price_list_id,
        subtotal_units: units(p.subtotal)?,
        discount_units: units(p.discount_total)?,
        tax_units: units(p.tax_total)?,
        total_units: units(p.total)?,
        refunded_units: 0,
        notes: n.notes.clone(),
        external_id: n.external_id.clone(),
        paid_at: stamp(n.status, &[Paid, Fulfilled], now),
        fulfilled_at: stamp(n.status, &[Fulfilled], now),
        cancelled_at: stamp(n.status, &[Cancelled], now),
        created_by: actor.principal.user().map(Into::into),
        created_at: now,
        updated_at: now,
        version: 1,
        deleted_at: None,
    })
}

/// Prices and adds an order inside the caller's transaction.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    mut n: NewOrder,
) -> Result<Order> {
    check_parties(txn, actor, n.person_id, n.company_id).await?;
    let now = time::now();
    let day = n.order_date.unwrap_or_else(|| now.date_naive());
    let drafts = std::mem::take(&mut n.lines);
    let p = priced(txn, actor, drafts, n.currency, day, n.price_list_id).await?;
    let id = Uuid::now_v7();
    let backend = txn.get_database_backend();
    // The order and its lines in one round trip; nothing is read back (the row is known).
    let row = new_row(actor, id, &n, &p, day, now)?;
    let mut first =
        vec![order::Entity::insert(row.clone().into_active_model().reset_all()).build(backend)];
    let line_rows = lines::rows(actor, id, &p.lines)?;
    if !line_rows.is_empty() {
        first.push(order_line::Entity::insert_many(line_rows).build(backend));
    }
    txn.execute_raw(one_trip::join(backend, first))
        .await
        .conflict_as(TAKEN)?;
    record::add_tags::<order::tags::Entity, _>(txn, actor, id, &n.tags).await?;
    let no_values = n.custom_fields.is_empty();
    let values: Vec<_> = n
        .custom_fields
        .into_iter()
        .map(|(d, v)| (d, Some(v)))
        .collect();
    crate::repos::custom_fields::write_values(txn, actor, id, &values).await?;
    let created = if n.tags.is_empty() && no_values {
        // Nothing was stored that the row and the priced lines do not say.
        view_of_new(row, p)?
    } else {
        one(txn, row).await?
    };
    // The customer's purchase line and the journal entry in one more.
    let mut last = spend::rewrite(txn, actor, &touched(&[&created])).await?;
    last.extend(journal::statements(
        backend,
        actor,
        vec![journal::Change {
            event: events::ORDER_CREATED,
            resource_id: id,
            before: None,
            after: Some(crate::repos::json(&created)),
        }],
    ));
    txn.execute_raw(one_trip::join(backend, last)).await?;
    Ok(created)
}

/// Applies a patch inside the caller's transaction, pricing the order again when its
/// lines, currency, date or price list changed.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: OrderPatch,
    if_version: Option<i64>,
) -> Result<Order> {
    let row = find::<order::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let now = time::now();
    let applied = before.apply(&p, now)?;
    check_parties(txn, actor, p.person_id.flatten(), p.company_id.flatten()).await?;
    let mut am: order::ActiveModel = row.into();
    if let Some((drafts, currency, day, list)) = applied.reprice {
        let priced = priced(txn, actor, drafts, currency, day, list).await?;
        lines::write(txn, actor, id, &priced.lines, true).await?;
        am.currency = Set(currency.as_str().into());
        am.order_date = Set(day);
        am.price_list_id = Set(list);
        am.subtotal_units = Set(units(priced.subtotal)?);
        am.discount_units = Set(units(priced.discount_total)?);
        am.tax_units = Set(units(priced.tax_total)?);
        am.total_units = Set(units(priced.total)?);
    }
    if let Some(v) = p.person_id {
        am.person_id = Set(v.map(Into::into));
    }
    if let Some(v) = p.company_id {
        am.company_id = Set(v.map(Into::into));
    }
    if let Some(v) = p.channel {
        am.channel = Set(v);
    }
    if let Some(v) = p.code {
        am.code = Set(v);
    }
    if let Some(v) = p.notes {
        am.notes = Set(v);
    }
    if let Some(v) = p.external_id {
        am.external_id = Set(v);
    }
    am.status = Set(applied.status.as_str().into());
    am.paid_at = Set(applied.paid_at);
    am.fulfilled_at = Set(applied.fulfilled_at);
    am.cancelled_at = Set(applied.cancelled_at);
    am.updated_at = Set(now);
    am.version = Set(before.version + 1);
    let row = am.update(txn).await.conflict_as(TAKEN)?;
    if let Some(t) = &p.tags {
        record::set_tags::<order::tags::Entity, _>(txn, actor, id, t).await?;
    }
    crate::repos::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let after = one(txn, row).await?;
    spend::refresh(txn, actor, &touched(&[&before, &after])).await?;
    journal::record_change(
        txn,
        actor,
        events::ORDER_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Converts won opportunity `id` into an order inside the caller's transaction; the
/// opportunity's row is locked so two conversions at once make one order.
pub(crate) async fn convert_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: OpportunityId,
    conversion: Conversion,
) -> Result<Order> {
    let row = find::<opportunity::Entity, _>(txn, actor, id.0, State::Live, true).await?;
    let existing = record::scoped::<order::Entity>(actor)
        .filter(order::Column::OpportunityId.eq(id.0))
        .one(txn)
        .await?;
    if let Some(o) = existing {
        return Err(DomainError::conflict(format!(
            "the opportunity was converted already: order {}",
            o.id
        ))
        .into());
    }
    let opp = opportunity::Entity::view(txn, row).await?;
    let n = conversion.order_for(&opp)?;
    create_in(txn, actor, n).await
}
