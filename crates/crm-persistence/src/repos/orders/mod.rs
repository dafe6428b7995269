//! The order repository: scoped, journaled, soft-deleted; each order priced in the
//! transaction that stores it, its lines and refunds beside it, every amount exact
//! (whole ten-thousandths beside the order's currency code).

mod import;
mod lines;
mod refunds;
mod spend;
mod write;

pub(crate) use write::priced;

use super::common::stored;
use crate::db::Db;
use crate::entities::{order, order_line};
use crate::error::{Result, port};
use crate::filter_sql::FieldSql;
use crate::paging::Keyed;
use crate::record::{self, Record, restore, soft_delete};
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_opportunities::custom_field::ORDER;
use crm_opportunities::events;
use crm_opportunities::opportunity::{MoneyInput, OpportunityId};
use crm_opportunities::order::{Conversion, NewOrder, Order, OrderId, OrderPatch, OrderStatus};
use crm_opportunities::ports::{OrderRepository, RecordStore};
use crm_opportunities::spend::{Customer, Spend};
use crm_records::money::{Currency, Money};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter};
use uuid::Uuid;

pub(crate) struct Orders(pub Db);

impl Keyed for order::Model {
    fn id_column() -> Expr {
        Expr::col((order::Entity, order::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        use order::Column as C;
        let c = match f.name.as_ref() {
            "updated_at" => C::UpdatedAt,
            "order_date" => C::OrderDate,
            _ => C::CreatedAt,
        };
        Expr::col((order::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            "order_date" => CursorValue::Date(self.order_date),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use order::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((order::Entity, c))));
    match name {
        "status" => col(C::Status),
        "person_id" => col(C::PersonId),
        "company_id" => col(C::CompanyId),
        "opportunity_id" => col(C::OpportunityId),
        "currency" => col(C::Currency),
        "total" => col(C::TotalUnits),
        "refunded" => col(C::RefundedUnits),
        "order_date" => col(C::OrderDate),
        "channel" => col(C::Channel),
        "code" => col(C::Code),
        "price_list_id" => col(C::PriceListId),
        "external_id" => col(C::ExternalId),
        "created_by" => col(C::CreatedBy),
        "paid_at" => col(C::PaidAt),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        // Has a line of the product.
        "product_id" => Some(FieldSql::Related {
            from: Box::new(
                Query::select()
                    .expr(Expr::cust("1"))
                    .from(order_line::Entity)
                    .and_where(
                        Expr::col((order_line::Entity, order_line::Column::OrderId))
                            .equals((order::Entity, C::Id)),
                    )
                    .to_owned(),
            ),
            value: Expr::col((order_line::Entity, order_line::Column::ProductId)),
        }),
        "tags" => Some(record::tags_field::<order::tags::Entity, _>((
            order::Entity,
            C::Id,
        ))),
        _ => None,
    }
}

/// Reads the orders of `rows` whole: lines, refunds, tags and custom fields, each read
/// once for all of them.
async fn load<C: ConnectionTrait>(c: &C, rows: Vec<order::Model>) -> Result<Vec<Order>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let tags = record::tags_of::<order::tags::Entity, _>(c, org, &ids);
    let lines = lines::of(c, org, &ids);
    let refunds = refunds::of(c, org, &ids);
    let defs = super::custom_fields::definitions_of(c, org.0, ORDER);
    let (mut tags, mut lines, mut refunds, defs) =
        if c.get_database_backend() == DbBackend::Postgres {
            tokio::try_join!(tags, lines, refunds, defs)?
        } else {
            (tags.await?, lines.await?, refunds.await?, defs.await?)
        };
    let mut custom = super::custom_fields::read_values(c, org, &defs, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let currency = stored("currency", &r.currency, Currency::parse)?;
            let money = |units| Money::from_units(units, currency);
            let mut t = tags.remove(&r.id).unwrap_or_default();
            t.sort();
            Ok(Order {
                id: OrderId(r.id),
                org_id: OrgId(r.org_id),
                person_id: r.person_id.map(PersonId),
                company_id: r.company_id.map(CompanyId),
                opportunity_id: r.opportunity_id.map(OpportunityId),
                status: stored("status", &r.status, OrderStatus::parse)?,
                currency,
                order_date: r.order_date,
                channel: r.channel,
                code: r.code,
                price_list_id: r.price_list_id,
                lines: lines::view(lines.remove(&r.id).unwrap_or_default(), currency)?,
                subtotal: money(r.subtotal_units),
                discount_total: money(r.discount_units),
                tax_total: money(r.tax_units),
                total: money(r.total_units),
                refunded: money(r.refunded_units),
                refunds: refunds::view(refunds.remove(&r.id).unwrap_or_default(), currency),
                notes: r.notes,
                external_id: r.external_id,
                paid_at: r.paid_at,
                fulfilled_at: r.fulfilled_at,
                cancelled_at: r.cancelled_at,
                created_by: r.created_by.map(UserId),
                tags: t,
                custom_fields: custom.remove(&r.id).unwrap_or_default(),
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
            })
        })
        .collect()
}

impl Record for order::Entity {
    const RESOURCE: &'static str = "order";
    const COLLECTION: &'static str = "orders";
    const ID: order::Column = order::Column::Id;
    const VERSION: order::Column = order::Column::Version;
    const UPDATED_AT: order::Column = order::Column::UpdatedAt;
    const DELETED_AT: order::Column = order::Column::DeletedAt;
    const DELETED: EventType = events::ORDER_DELETED;
    const RESTORED: EventType = events::ORDER_RESTORED;
    type View = Order;

    fn version_of(row: &order::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: order::Model,
    ) -> impl std::future::Future<Output = Result<Order>> + Send {
        one(c, row)
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: order::Model) -> Result<Order> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("order").into())
}

#[async_trait]
impl RecordStore<Order, NewOrder, OrderPatch> for Orders {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, n: NewOrder) -> DomainResult<Order> {
        record::store::write(&self.0, async |txn| write::create_in(txn, actor, n).await).await
    }

    async fn get(&self, actor: &Actor, id: OrderId) -> DomainResult<Order> {
        record::store::get::<order::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Order>> {
        use order::Column as C;
        let q = record::scoped::<order::Entity>(actor).filter(C::DeletedAt.is_null());
        let searchable = super::listing::Searchable {
            resource: ORDER,
            field,
            text: vec![
                Expr::col((order::Entity, C::ExternalId)),
                Expr::col((order::Entity, C::Code)),
                Expr::col((order::Entity, C::Notes)),
            ],
            id: Expr::col((order::Entity, C::Id)),
        };
        super::listing::records(
            &self.0,
            actor,
            q,
            searchable,
            filter,
            text,
            page,
            async |c, rows| load(c, rows).await,
        )
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: OrderId,
        p: OrderPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Order> {
        record::store::write(&self.0, async |txn| {
            write::update_in(txn, actor, id.0, p, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(
        &self,
        actor: &Actor,
        id: OrderId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::write(&self.0, async |txn| {
            let before = soft_delete::<order::Entity, _>(txn, actor, id.0, if_version).await?;
            spend::refresh(txn, actor, &write::touched(&[&before])).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: OrderId) -> DomainResult<Order> {
        record::store::write(&self.0, async |txn| {
            let taken = "another order took this external_id or opportunity meanwhile";
            let after = restore::<order::Entity, _>(txn, actor, id.0, taken).await?;
            spend::refresh(txn, actor, &write::touched(&[&after])).await?;
            Ok(after)
        })
        .await
    }
}

#[async_trait]
impl OrderRepository for Orders {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn refund(
        &self,
        actor: &Actor,
        id: OrderId,
        amount: MoneyInput,
        reason: Option<String>,
        if_version: Option<i64>,
    ) -> DomainResult<Order> {
        record::store::write(&self.0, async |txn| {
            refunds::refund_in(txn, actor, id.0, amount, reason, if_version).await
        })
        .await
    }

    async fn spend(&self, actor: &Actor, customer: Customer) -> DomainResult<Spend> {
        port(spend::of(&self.0.conn, actor, customer)).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn convert(
        &self,
        actor: &Actor,
        id: OpportunityId,
        conversion: Conversion,
    ) -> DomainResult<Order> {
        record::store::write(&self.0, async |txn| {
            write::convert_in(txn, actor, id, conversion).await
        })
        .await
    }
}

/// After a merge, the orders of `source` (a person or company, `kind` its resource
/// name) are `survivor`'s.
pub(crate) async fn follow<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    kind: &str,
    source: Uuid,
    survivor: Uuid,
) -> Result<()> {
    use order::Column as C;
    let column = match kind {
        "person" => C::PersonId,
        "company" => C::CompanyId,
        _ => return Ok(()),
    };
    record::scoped_update::<order::Entity>(actor)
        .col_expr(column, Expr::val(survivor))
        .filter(column.eq(source))
        .exec(c)
        .await?;
    let mut touched = spend::Touched::default();
    match column {
        C::PersonId => touched.people.extend([source, survivor]),
        _ => touched.companies.extend([source, survivor]),
    }
    spend::refresh(c, actor, &touched).await
}
