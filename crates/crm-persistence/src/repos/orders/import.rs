//! The writes of order imports. A batch is checked as a whole (its people and companies
//! live, its external_ids free, every order priced from one read of the catalogue),
//! then its orders, lines, tag links, custom values and journal entries go in multi-row
//! INSERTs and its purchases are added to their customers' spend lines
//! (`spend::add_created`), all in the transaction that records the import's progress. Should an INSERT still fail (a
//! concurrent writer took an external_id), the batch's orders are written one by one,
//! each in a savepoint, so each failure is reported on its row.

use super::spend;
use super::write::{Stock, create_in, new_row, view_of_new};
use super::{Orders, lines};
use crate::db::Db;
use crate::entities::{custom_field_value, order};
use crate::error::{Result, StoreError, port};
use crate::journal::{self, Change, insert_chunks};
use crate::record::{TagLink, ensure_tag_ids, scoped};
use crate::repos::custom_fields::value_rows;
use crate::repos::imports::{failure, running, settle};
use crate::repos::links::{Kind, live, missing};
use crate::time;
use async_trait::async_trait;
use crm_core::{Actor, DomainError, DomainResult, FieldError};
use crm_opportunities::events;
use crm_opportunities::order::pricing::Priced;
use crm_opportunities::order::{LineDraft, NewOrder, Order};
use crm_opportunities::ports::OrderImportWriter;
use crm_records::import::Progress;
use crm_records::import::rows::Checked;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, QuerySelect,
    TransactionTrait,
};
use std::collections::HashSet;
use uuid::Uuid;

/// What a batch's checks read once for all its orders.
struct Known {
    people: HashSet<Uuid>,
    companies: HashSet<Uuid>,
    /// External ids some order already has (a deleted one included).
    taken: HashSet<String>,
}

/// The people and companies of `orders` that are live, and the external_ids taken.
async fn known<C: ConnectionTrait>(c: &C, actor: &Actor, orders: &[&NewOrder]) -> Result<Known> {
    let people: Vec<Uuid> = orders
        .iter()
        .filter_map(|n| n.person_id)
        .map(|p| p.0)
        .collect();
    let companies: Vec<Uuid> = orders
        .iter()
        .filter_map(|n| n.company_id)
        .map(|p| p.0)
        .collect();
    let externals: Vec<String> = orders
        .iter()
        .filter_map(|n| n.external_id.clone())
        .collect();
    let mut k = Known {
        people: live(c, actor, Kind::Person, &people).await?,
        companies: live(c, actor, Kind::Company, &companies).await?,
        taken: HashSet::new(),
    };
    if !externals.is_empty() {
        k.taken = scoped::<order::Entity>(actor)
            .select_only()
            .column(order::Column::ExternalId)
            .filter(order::Column::ExternalId.is_in(externals))
            .into_tuple::<Option<String>>()
            .all(c)
            .await?
            .into_iter()
            .flatten()
            .collect();
    }
    Ok(k)
}

/// One order of the batch, checked and priced, ready to insert.
struct Ready {
    row: order::Model,
    priced: Priced,
    order: NewOrder,
}

/// Checks `n` against what the batch read: its parties live, its external_id free (and
/// not used by an earlier row of the batch), its lines priced.
fn check(
    actor: &Actor,
    known: &mut Known,
    stock: &Stock,
    n: NewOrder,
    now: chrono::DateTime<chrono::Utc>,
) -> std::result::Result<Ready, DomainError> {
    let mut errors = Vec::new();
    if let Some(p) = n.person_id
        && !known.people.contains(&p.0)
    {
        errors.push(FieldError::new(
            "person_id",
            "unknown",
            missing(Kind::Person),
        ));
    }
    if let Some(co) = n.company_id
        && !known.companies.contains(&co.0)
    {
        errors.push(FieldError::new(
            "company_id",
            "unknown",
            missing(Kind::Company),
        ));
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    if let Some(x) = &n.external_id
        && !known.taken.insert(x.clone())
    {
        return Err(DomainError::conflict(
            "an order with this external_id already exists",
        ));
    }
    let day = n.order_date.unwrap_or_else(|| now.date_naive());
    let priced = stock.price(n.lines.clone(), n.currency, day, n.price_list_id)?;
    let row = new_row(actor, Uuid::now_v7(), &n, &priced, day, now)?;
    Ok(Ready {
        row,
        priced,
        order: n,
    })
}

/// Inserts every order of `ready` with its lines, tags, custom values and journal
/// entries, in multi-row statements; answers the orders as a read would show them.
async fn insert<C: ConnectionTrait>(c: &C, actor: &Actor, ready: &[Ready]) -> Result<Vec<Order>> {
    let mut names: Vec<String> = ready.iter().flat_map(|r| r.order.tags.clone()).collect();
    names.sort();
    names.dedup();
    let tag_ids = ensure_tag_ids(c, actor, &names).await?;
    let (mut orders, mut line_rows, mut links, mut values, mut made) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in ready {
        let id = r.row.id;
        orders.push(r.row.clone().into_active_model().reset_all());
        line_rows.extend(lines::rows(actor, id, &r.priced.lines)?);
        for t in &r.order.tags {
            if let Some(tag) = tag_ids.get(t) {
                links.push(<order::tags::Entity as TagLink>::link(
                    actor.org_id,
                    id,
                    *tag,
                ));
            }
        }
        let mut fields = serde_json::Map::new();
        for (def, v) in &r.order.custom_fields {
            values.extend(value_rows(actor, def, id, v)?);
            fields.insert(def.key.clone(), v.to_json());
        }
        let mut view = view_of_new(r.row.clone(), r.priced.clone())?;
        view.tags = r.order.tags.clone();
        view.custom_fields = fields;
        made.push(view);
    }
    insert_chunks(c, orders).await?;
    insert_chunks(c, line_rows).await?;
    insert_chunks(c, links).await?;
    insert_chunks::<_, custom_field_value::ActiveModel>(c, values).await?;
    let changes = made
        .iter()
        .map(|o| Change {
            event: events::ORDER_CREATED,
            resource_id: o.id.0,
            before: None,
            after: Some(crate::repos::json(o)),
        })
        .collect();
    journal::record_many(c, actor, changes).await?;
    Ok(made)
}

#[async_trait]
impl OrderImportWriter for Orders {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, from, to, dry_run))]
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<NewOrder>>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = running(&txn, actor, id, from).await?;
            let batch = txn.begin().await?;
            let mut failures = Vec::new();
            let mut checked = Vec::new();
            for mut row in rows {
                match std::mem::replace(&mut row.op, Err(Vec::new())) {
                    Ok(n) => checked.push((row, n)),
                    Err(errors) => failures.push(failure(actor, id, &row, errors)),
                }
            }
            let orders: Vec<&NewOrder> = checked.iter().map(|(_, n)| n).collect();
            let mut known = known(&batch, actor, &orders).await?;
            let drafts: Vec<(&[LineDraft], Option<Uuid>)> = orders
                .iter()
                .map(|n| (n.lines.as_slice(), n.price_list_id))
                .collect();
            let stock = Stock::read(&batch, actor, &drafts, None).await?;
            let now = time::now();
            let mut ready = Vec::new();
            let mut placed = Vec::new();
            for (row, n) in checked {
                match check(actor, &mut known, &stock, n, now) {
                    Ok(r) => {
                        ready.push(r);
                        placed.push(row);
                    }
                    Err(e) => {
                        let errors = row.errors_of(e);
                        failures.push(failure(actor, id, &row, errors));
                    }
                }
            }
            let all = batch.begin().await?;
            let made = match insert(&all, actor, &ready).await {
                Ok(made) => {
                    all.commit().await?;
                    // Their customers' purchase lines, from the lines they had.
                    spend::add_created(&batch, actor, &made).await?;
                    made
                }
                Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
                Err(_) => {
                    all.rollback().await?;
                    // Each written as a create is, its customer's line with it.
                    let mut made = Vec::new();
                    for (row, r) in placed.iter().zip(ready) {
                        let one = batch.begin().await?;
                        match create_in(&one, actor, r.order).await {
                            Ok(o) => {
                                one.commit().await?;
                                made.push(o);
                            }
                            Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
                            Err(e) => {
                                one.rollback().await?;
                                let errors = row.errors_of(e.into());
                                failures.push(failure(actor, id, row, errors));
                            }
                        }
                    }
                    made
                }
            };
            let created = made.len() as i64;
            Db::finish(batch, dry_run).await?;
            settle(txn, m, to, (created, 0), failures).await
        })
        .await
    }
}
