//! What customers spent, summed exactly in SQL (integers of ten-thousandths, cast back
//! from PostgreSQL's NUMERIC sums) from their live purchases, and each customer's line
//! of `customer_purchases`, rewritten in the transaction of every order change.

use crate::entities::{customer_purchase, order, order_line};
use crate::error::Result;
use crate::one_trip;
use crate::record;
use crate::repos::common::{stored, units};
use chrono::NaiveDate;
use crm_core::Actor;
use crm_core::ids::OrgId;
use crm_opportunities::order::Order;
use crm_opportunities::spend::{
    CurrencySpend, Customer, PURCHASES, ProductBought, Spend, Summary, summarise,
};
use crm_records::money::{Currency, Money, SCALE};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryTrait, Statement,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// The customers whose lines an order change touches.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub people: BTreeSet<Uuid>,
    pub companies: BTreeSet<Uuid>,
}

impl Touched {
    /// The person and company of an order as it was or is, if it is a purchase: an
    /// order that is none before or after a change changes no one's spend.
    pub(crate) fn add(&mut self, o: &Order) {
        if PURCHASES.contains(&o.status) {
            self.people.extend(o.person_id.map(|p| p.0));
            self.companies.extend(o.company_id.map(|c| c.0));
        }
    }
}

/// On PostgreSQL, takes a transaction-scoped advisory lock per customer (in id order, so
/// two writers never wait on each other crosswise): two orders of one customer written
/// at once recompute their line one after the other, the second seeing the first's
/// order, instead of both from snapshots that miss the other's. SQLite has one writer.
async fn lock<C: ConnectionTrait>(c: &C, ids: &[Uuid]) -> Result<()> {
    if c.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut keys: Vec<i64> = ids
        .iter()
        .map(|id| {
            let b = id.as_bytes();
            i64::from_be_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]])
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    // One statement for any number of customers (an import batch touches a thousand):
    // the keys are locked in ascending order as the sorted subquery yields them.
    let list = keys
        .iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(",");
    c.execute_raw(Statement::from_string(
        DbBackend::Postgres,
        format!(
            "SELECT pg_advisory_xact_lock(k) FROM \
             (SELECT unnest(ARRAY[{list}]::bigint[]) AS k ORDER BY k) AS keys"
        ),
    ))
    .await?;
    Ok(())
}

/// The column naming a customer of `kind` on an order.
fn party(kind: &str) -> order::Column {
    if kind == "person" {
        order::Column::PersonId
    } else {
        order::Column::CompanyId
    }
}

/// The live purchases of the organisation's orders, narrowed by the caller.
fn purchases(org: OrgId) -> SelectStatement {
    Query::select()
        .from(order::Entity)
        .and_where(Expr::col((order::Entity, order::Column::OrgId)).eq(org.0))
        .and_where(Expr::col((order::Entity, order::Column::DeletedAt)).is_null())
        .and_where(
            Expr::col((order::Entity, order::Column::Status))
                .is_in(PURCHASES.iter().map(|s| s.as_str())),
        )
        .to_owned()
}

/// Every currency's spend of each customer of `kind` among `ids`.
async fn per_currency<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    kind: &str,
    ids: &BTreeSet<Uuid>,
) -> Result<HashMap<Uuid, Vec<CurrencySpend>>> {
    let mut by = HashMap::<Uuid, Vec<CurrencySpend>>::new();
    if ids.is_empty() {
        return Ok(by);
    }
    let who = Expr::col((order::Entity, party(kind)));
    let q = purchases(org)
        .expr_as(who.clone(), Alias::new("party"))
        .expr_as(
            Expr::col((order::Entity, order::Column::Currency)),
            Alias::new("currency"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(orders.total_units - orders.refunded_units) AS BIGINT)"),
            Alias::new("spent"),
        )
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .expr_as(Expr::cust("MIN(orders.order_date)"), Alias::new("first"))
        .expr_as(Expr::cust("MAX(orders.order_date)"), Alias::new("last"))
        .and_where(who.clone().is_in(ids.iter().copied()))
        .group_by_col((order::Entity, party(kind)))
        .group_by_col((order::Entity, order::Column::Currency))
        .to_owned();
    for r in c.query_all_raw(c.get_database_backend().build(&q)).await? {
        let code: String = r.try_get("", "currency")?;
        let currency = stored("currency", &code, Currency::parse)?;
        by.entry(r.try_get("", "party")?)
            .or_default()
            .push(CurrencySpend {
                spent: Money::from_units(r.try_get("", "spent")?, currency),
                order_count: r.try_get("", "n")?,
                first_order_date: r.try_get::<NaiveDate>("", "first")?,
                last_order_date: r.try_get::<NaiveDate>("", "last")?,
            });
    }
    for rows in by.values_mut() {
        rows.sort_by_key(|r| r.spent.currency());
    }
    Ok(by)
}

/// Rewrites the `customer_purchases` lines of the customers `touched`, from their
/// orders as they are now in this transaction.
pub(crate) async fn refresh<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    touched: &Touched,
) -> Result<()> {
    let steps = rewrite(c, actor, touched).await?;
    if !steps.is_empty() {
        c.execute_raw(one_trip::join(c.get_database_backend(), steps))
            .await?;
    }
    Ok(())
}

/// The statements that rewrite the lines of the customers `touched` (an upsert of the
/// lines they have, a delete of those they no longer have), computed from their orders as they are now in
/// this transaction, for the caller to send with its own; none when nobody is touched.
/// On PostgreSQL the customers are locked first.
pub(crate) async fn rewrite<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    touched: &Touched,
) -> Result<Vec<Statement>> {
    let all: Vec<Uuid> = touched
        .people
        .iter()
        .chain(&touched.companies)
        .copied()
        .collect();
    if all.is_empty() {
        return Ok(Vec::new());
    }
    lock(c, &all).await?;
    let backend = c.get_database_backend();
    let mut rows = Vec::new();
    for (kind, ids) in [("person", &touched.people), ("company", &touched.companies)] {
        for (id, currencies) in per_currency(c, actor.org_id, kind, ids).await? {
            let Some(s) = summarise(&currencies) else {
                continue;
            };
            rows.push(line(actor, kind, id, &s)?);
        }
    }
    // Upserted, and deleted for those left without purchases: two disjoint sets, as
    // PostgreSQL runs the statements of one trip on one snapshot (a delete and an insert
    // of the same key there would collide).
    let kept: BTreeSet<Uuid> = rows
        .iter()
        .filter_map(|r| r.party_id.clone().take())
        .collect();
    let gone: Vec<Uuid> = all.into_iter().filter(|id| !kept.contains(id)).collect();
    let mut steps = Vec::new();
    if !gone.is_empty() {
        steps.push(
            record::delete_in::<customer_purchase::Entity>(actor.org_id)
                .filter(customer_purchase::Column::PartyId.is_in(gone))
                .build(backend),
        );
    }
    if !rows.is_empty() {
        steps.push(upsert(backend, rows));
    }
    Ok(steps)
}

/// The statement writing `rows` over the lines their customers have.
fn upsert(backend: DbBackend, rows: Vec<customer_purchase::ActiveModel>) -> Statement {
    use customer_purchase::Column as C;
    customer_purchase::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(C::PartyId)
                .update_columns([
                    C::PartyKind,
                    C::Currency,
                    C::SpentUnits,
                    C::OrderCount,
                    C::FirstOrderDate,
                    C::LastOrderDate,
                ])
                .to_owned(),
        )
        .build(backend)
}

/// The stored line of customer `id` of `kind`.
fn line(
    actor: &Actor,
    kind: &str,
    id: Uuid,
    s: &Summary,
) -> Result<customer_purchase::ActiveModel> {
    Ok(customer_purchase::ActiveModel {
        party_id: Set(id),
        org_id: Set(actor.org_id.0),
        party_kind: Set(kind.into()),
        currency: Set(s.spent.currency().as_str().into()),
        spent_units: Set(units(s.spent)?),
        order_count: Set(s.order_count),
        first_order_date: Set(s.first_order_date),
        last_order_date: Set(s.last_order_date),
    })
}

/// Adds the purchases among `created` (orders just inserted in this transaction, none
/// of them refunded) to their customers' lines without reading their past orders where
/// that is exact (`Summary::with_added`): a customer without a line had no purchase
/// before; one whose new purchases are all in their line's currency gets them added.
/// The others are recomputed from their orders. For an import batch, whose customers'
/// histories may be long.
pub(crate) async fn add_created<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    created: &[Order],
) -> Result<()> {
    let mut added: BTreeMap<(Uuid, &'static str), Vec<CurrencySpend>> = BTreeMap::new();
    for o in created.iter().filter(|o| PURCHASES.contains(&o.status)) {
        let spent = Money::from_units(units(o.total)? - units(o.refunded)?, o.currency);
        let parties = [
            o.person_id.map(|p| (p.0, "person")),
            o.company_id.map(|co| (co.0, "company")),
        ];
        for party in parties.into_iter().flatten() {
            let per = added.entry(party).or_default();
            match per.iter_mut().find(|x| x.spent.currency() == o.currency) {
                Some(x) => {
                    x.spent = Money::from_units(units(x.spent)? + units(spent)?, o.currency);
                    x.order_count += 1;
                    x.first_order_date = Ord::min(x.first_order_date, o.order_date);
                    x.last_order_date = Ord::max(x.last_order_date, o.order_date);
                }
                None => per.push(CurrencySpend {
                    spent,
                    order_count: 1,
                    first_order_date: o.order_date,
                    last_order_date: o.order_date,
                }),
            }
        }
    }
    if added.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = added.keys().map(|(id, _)| *id).collect();
    lock(c, &ids).await?;
    let mut have = HashMap::new();
    for r in record::in_org::<customer_purchase::Entity>(actor.org_id)
        .filter(customer_purchase::Column::PartyId.is_in(ids))
        .all(c)
        .await?
    {
        let currency = stored("currency", &r.currency, Currency::parse)?;
        have.insert(
            r.party_id,
            Summary {
                spent: Money::from_units(r.spent_units, currency),
                order_count: r.order_count,
                first_order_date: r.first_order_date,
                last_order_date: r.last_order_date,
            },
        );
    }
    let (mut rows, mut recount) = (Vec::new(), Touched::default());
    for ((id, kind), currencies) in &added {
        let next = match have.get(id) {
            None => summarise(currencies),
            Some(s) => s.with_added(currencies),
        };
        match next {
            Some(s) => rows.push(line(actor, kind, *id, &s)?),
            None if *kind == "person" => {
                recount.people.insert(*id);
            }
            None => {
                recount.companies.insert(*id);
            }
        }
    }
    if !rows.is_empty() {
        c.execute_raw(upsert(c.get_database_backend(), rows))
            .await?;
    }
    refresh(c, actor, &recount).await
}

/// The products `customer` bought, most bought first.
async fn products<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    kind: &str,
    id: Uuid,
) -> Result<Vec<ProductBought>> {
    let q = purchases(org)
        .inner_join(
            order_line::Entity,
            Expr::col((order_line::Entity, order_line::Column::OrderId))
                .equals((order::Entity, order::Column::Id)),
        )
        .expr_as(
            Expr::col((order_line::Entity, order_line::Column::ProductId)),
            Alias::new("product"),
        )
        .expr_as(Expr::cust("MAX(order_lines.sku)"), Alias::new("sku"))
        .expr_as(
            Expr::cust("CAST(SUM(order_lines.quantity_units) AS BIGINT)"),
            Alias::new("quantity"),
        )
        .expr_as(Expr::cust("COUNT(DISTINCT orders.id)"), Alias::new("n"))
        .expr_as(Expr::cust("MAX(orders.order_date)"), Alias::new("last"))
        .and_where(Expr::col((order::Entity, party(kind))).eq(id))
        .and_where(Expr::col((order_line::Entity, order_line::Column::ProductId)).is_not_null())
        .group_by_col((order_line::Entity, order_line::Column::ProductId))
        .to_owned();
    let mut out = Vec::new();
    for r in c.query_all_raw(c.get_database_backend().build(&q)).await? {
        out.push(ProductBought {
            product_id: r.try_get("", "product")?,
            sku: r.try_get("", "sku")?,
            quantity: Decimal::new(r.try_get("", "quantity")?, SCALE).normalize(),
            order_count: r.try_get("", "n")?,
            last_order_date: r.try_get::<NaiveDate>("", "last")?,
        });
    }
    out.sort_by(|a, b| {
        b.order_count
            .cmp(&a.order_count)
            .then(b.quantity.cmp(&a.quantity))
            .then(a.product_id.cmp(&b.product_id))
    });
    Ok(out)
}

/// What `customer` spent and bought, read from their orders now.
pub(crate) async fn of<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    customer: Customer,
) -> Result<Spend> {
    let (kind, id) = match customer {
        Customer::Person(p) => ("person", p.0),
        Customer::Company(co) => ("company", co.0),
    };
    let one = BTreeSet::from([id]);
    let currencies = per_currency(c, actor.org_id, kind, &one)
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(Spend {
        currencies,
        products: products(c, actor.org_id, kind, id).await?,
    })
}
