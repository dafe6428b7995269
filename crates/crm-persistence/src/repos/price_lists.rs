//! Price lists and their items: a list row and its item rows, written in one
//! transaction and journaled as one record; every item names a live product.

use super::common::stored;
use crate::db::Db;
use crate::entities::{price_list, price_list_item, product};
use crate::error::{Result, port};
use crate::journal;
use crate::record::{self, Record, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::error::Errors;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_opportunities::events;
use crm_opportunities::ports::PriceListRepository;
use crm_opportunities::price_list::{MAX_PRICE_LISTS, NewPriceList, PriceList, PriceListItem};
use crm_records::money::{Currency, Money};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub(crate) struct PriceLists(pub Db);

/// The items of `lists` (all of one organisation), each list's in order.
async fn items_of<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    lists: &[(Uuid, Currency)],
) -> Result<HashMap<Uuid, Vec<PriceListItem>>> {
    let currency: HashMap<Uuid, Currency> = lists.iter().copied().collect();
    let rows = record::in_org::<price_list_item::Entity>(org)
        .filter(price_list_item::Column::PriceListId.is_in(currency.keys().copied()))
        .order_by_asc(price_list_item::Column::PriceListId)
        .order_by_asc(price_list_item::Column::Position)
        .all(c)
        .await?;
    let mut by = HashMap::<Uuid, Vec<PriceListItem>>::new();
    for r in rows {
        let Some(cur) = currency.get(&r.price_list_id).copied() else {
            continue;
        };
        by.entry(r.price_list_id).or_default().push(PriceListItem {
            product_id: r.product_id,
            price: Money::from_units(r.amount_units, cur),
        });
    }
    Ok(by)
}

fn currency_of(r: &price_list::Model) -> Result<Currency> {
    stored("currency", &r.currency, Currency::parse)
}

fn with_items(r: price_list::Model, currency: Currency, items: Vec<PriceListItem>) -> PriceList {
    PriceList {
        id: r.id,
        name: r.name,
        currency,
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        active: r.active,
        items,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    }
}

async fn many<C: ConnectionTrait>(c: &C, rows: Vec<price_list::Model>) -> Result<Vec<PriceList>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let keys = rows
        .iter()
        .map(|r| Ok((r.id, currency_of(r)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut by = items_of(c, org, &keys).await?;
    Ok(rows
        .into_iter()
        .zip(keys)
        .map(|(r, (id, cur))| with_items(r, cur, by.remove(&id).unwrap_or_default()))
        .collect())
}

async fn one<C: ConnectionTrait>(c: &C, row: price_list::Model) -> Result<PriceList> {
    many(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("price_list").into())
}

impl Record for price_list::Entity {
    const RESOURCE: &'static str = "price_list";
    const COLLECTION: &'static str = "price-lists";
    const ID: price_list::Column = price_list::Column::Id;
    const VERSION: price_list::Column = price_list::Column::Version;
    const UPDATED_AT: price_list::Column = price_list::Column::UpdatedAt;
    const DELETED_AT: price_list::Column = price_list::Column::DeletedAt;
    const DELETED: EventType = events::PRICE_LIST_DELETED;
    const RESTORED: EventType = events::PRICE_LIST_RESTORED;
    type View = PriceList;

    fn version_of(row: &price_list::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: price_list::Model,
    ) -> impl std::future::Future<Output = Result<PriceList>> + Send {
        one(c, row)
    }
}

/// Refuses an item naming no live product of the organisation, naming each.
async fn check_products<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    items: &[PriceListItem],
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let live: HashSet<Uuid> = scoped::<product::Entity>(actor)
        .select_only()
        .column(product::Column::Id)
        .filter(product::Column::Id.is_in(items.iter().map(|i| i.product_id)))
        .filter(product::Column::DeletedAt.is_null())
        .into_tuple()
        .all(c)
        .await?
        .into_iter()
        .collect();
    let mut e = Errors::new();
    for (i, it) in items.iter().enumerate() {
        if !live.contains(&it.product_id) {
            e.push(
                format!("items[{i}].product_id"),
                "unknown",
                "no live product of this organisation has this id",
            );
        }
    }
    Ok(e.finish(())?)
}

/// Replaces the list's items with `items`, in their order.
async fn write_items<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    items: &[PriceListItem],
) -> Result<()> {
    record::delete_in::<price_list_item::Entity>(actor.org_id)
        .filter(price_list_item::Column::PriceListId.eq(id))
        .exec(c)
        .await?;
    let rows: Vec<price_list_item::ActiveModel> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            Some(price_list_item::ActiveModel {
                price_list_id: Set(id),
                product_id: Set(it.product_id),
                org_id: Set(actor.org_id.0),
                position: Set(i32::try_from(i).ok()?),
                amount_units: Set(it.price.units()?),
            })
        })
        .collect();
    // SQLite takes at most 32,766 bound values a statement: 5 per row, so 1,000 rows fit.
    if !rows.is_empty() {
        price_list_item::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// The organisation's live price lists, oldest first, with their items; only those in
/// `currency` when one is given (what an order is priced from).
pub(crate) async fn live_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    currency: Option<Currency>,
) -> Result<Vec<PriceList>> {
    let mut q = scoped::<price_list::Entity>(actor).filter(price_list::Column::DeletedAt.is_null());
    if let Some(code) = currency {
        q = q.filter(price_list::Column::Currency.eq(code.as_str()));
    }
    let rows = q
        .order_by_asc(price_list::Column::CreatedAt)
        .order_by_asc(price_list::Column::Id)
        .all(c)
        .await?;
    many(c, rows).await
}

#[async_trait]
impl PriceListRepository for PriceLists {
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<PriceList>> {
        port(live_in(&self.0.conn, actor, None)).await
    }

    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<PriceList> {
        record::store::get::<price_list::Entity>(&self.0, actor, id).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, p: NewPriceList) -> DomainResult<PriceList> {
        record::store::write(&self.0, async |txn| {
            let live = scoped::<price_list::Entity>(actor)
                .filter(price_list::Column::DeletedAt.is_null())
                .count(txn)
                .await?;
            if live >= MAX_PRICE_LISTS {
                return Err(DomainError::conflict(format!(
                    "an organisation has at most {MAX_PRICE_LISTS} price lists"
                ))
                .into());
            }
            check_products(txn, actor, &p.items).await?;
            let now = time::now();
            let row = price_list::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                name: Set(p.name),
                currency: Set(p.currency.as_str().to_string()),
                valid_from: Set(p.valid_from),
                valid_until: Set(p.valid_until),
                active: Set(p.active),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                deleted_at: Set(None),
            }
            .insert(txn)
            .await?;
            write_items(txn, actor, row.id, &p.items).await?;
            let created = with_items(row, p.currency, p.items);
            journal::record_change(
                txn,
                actor,
                events::PRICE_LIST_CREATED,
                created.id,
                None,
                Some(&created),
            )
            .await?;
            Ok(created)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewPriceList,
        if_version: i64,
    ) -> DomainResult<PriceList> {
        record::store::write(&self.0, async |txn| {
            let row = find::<price_list::Entity, _>(txn, actor, id, State::Live, true).await?;
            record::check_version(row.version, Some(if_version))?;
            let before = one(txn, row.clone()).await?;
            if p.items != before.items {
                check_products(txn, actor, &p.items).await?;
            }
            let mut am: price_list::ActiveModel = row.into();
            am.name = Set(p.name);
            am.currency = Set(p.currency.as_str().to_string());
            am.valid_from = Set(p.valid_from);
            am.valid_until = Set(p.valid_until);
            am.active = Set(p.active);
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let row = am.update(txn).await?;
            if p.items != before.items {
                write_items(txn, actor, id, &p.items).await?;
            }
            let after = with_items(row, p.currency, p.items);
            journal::record_change(
                txn,
                actor,
                events::PRICE_LIST_UPDATED,
                id,
                Some(&before),
                Some(&after),
            )
            .await?;
            Ok(after)
        })
        .await
    }

    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()> {
        record::store::delete::<price_list::Entity>(&self.0, actor, id, if_version).await
    }

    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<PriceList> {
        record::store::restore::<price_list::Entity>(
            &self.0,
            actor,
            id,
            "the price list cannot be restored",
        )
        .await
    }
}
