//! The product repository: scoped, journaled, soft-deleted, a SKU unique in the
//! organisation, and one exact unit price per currency in `product_prices`.

use super::common::stored;
use crate::db::Db;
use crate::entities::{product, product_price};
use crate::error::{ConflictAs, Result};
use crate::filter_sql::FieldSql;
use crate::journal;
use crate::paging::Keyed;
use crate::record::{self, Record, State, find, in_org};
use crate::time;
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::OrgId;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_opportunities::custom_field::PRODUCT;
use crm_opportunities::events;
use crm_opportunities::ports::{ProductRepository, RecordStore};
use crm_opportunities::product::{NewProduct, Product, ProductId, ProductPatch};
use crm_records::money::{Currency, Money};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    FromQueryResult, Iterable, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

pub(crate) struct Products(pub Db);

const SKU_TAKEN: &str = "a product with this SKU already exists";

impl Keyed for product::Model {
    fn id_column() -> Expr {
        Expr::col((product::Entity, product::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        use product::Column as C;
        let c = match f.name.as_ref() {
            "updated_at" => C::UpdatedAt,
            "sku" => C::Sku,
            "name" => C::Name,
            _ => C::CreatedAt,
        };
        Expr::col((product::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            "sku" => CursorValue::Text(self.sku.clone()),
            "name" => CursorValue::Text(self.name.clone()),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use product::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((product::Entity, c))));
    match name {
        "sku" => col(C::Sku),
        "name" => col(C::Name),
        "category" => col(C::Category),
        "tax_category" => col(C::TaxCategory),
        "active" => col(C::Active),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        // Priced in a currency: one of its price rows holds it.
        "currency" => Some(FieldSql::Related {
            from: Box::new(
                Query::select()
                    .expr(Expr::cust("1"))
                    .from(product_price::Entity)
                    .and_where(
                        Expr::col((product_price::Entity, product_price::Column::ProductId))
                            .equals((product::Entity, C::Id)),
                    )
                    .to_owned(),
            ),
            value: Expr::col((product_price::Entity, product_price::Column::Currency)),
        }),
        "tags" => Some(record::tags_field::<product::tags::Entity, _>((
            product::Entity,
            C::Id,
        ))),
        _ => None,
    }
}

/// The prices of `products`, each product's ordered by currency code.
async fn prices_of<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    products: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Money>>> {
    let rows = in_org::<product_price::Entity>(org)
        .filter(product_price::Column::ProductId.is_in(products.iter().copied()))
        .order_by_asc(product_price::Column::ProductId)
        .order_by_asc(product_price::Column::Currency)
        .all(c)
        .await?;
    let mut by = HashMap::<Uuid, Vec<Money>>::new();
    for r in rows {
        let currency = stored("currency", &r.currency, Currency::parse)?;
        by.entry(r.product_id)
            .or_default()
            .push(Money::from_units(r.amount_units, currency));
    }
    Ok(by)
}

/// Replaces the product's prices with `prices`.
async fn write_prices<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    prices: &[Money],
) -> Result<()> {
    record::delete_in::<product_price::Entity>(actor.org_id)
        .filter(product_price::Column::ProductId.eq(id))
        .exec(c)
        .await?;
    let rows: Vec<product_price::ActiveModel> = prices
        .iter()
        .filter_map(|m| {
            Some(product_price::ActiveModel {
                product_id: Set(id),
                currency: Set(m.currency().as_str().to_string()),
                org_id: Set(actor.org_id.0),
                amount_units: Set(m.units()?),
            })
        })
        .collect();
    if !rows.is_empty() {
        product_price::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

async fn load<C: ConnectionTrait>(c: &C, rows: Vec<product::Model>) -> Result<Vec<Product>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let tags = record::tags_of::<product::tags::Entity, _>(c, org, &ids);
    let prices = prices_of(c, org, &ids);
    let defs = super::custom_fields::definitions_of(c, org.0, PRODUCT);
    let (mut tags, mut prices, defs) = if c.get_database_backend() == DbBackend::Postgres {
        tokio::try_join!(tags, prices, defs)?
    } else {
        (tags.await?, prices.await?, defs.await?)
    };
    let mut custom = super::custom_fields::read_values(c, org, &defs, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut t = tags.remove(&r.id).unwrap_or_default();
            t.sort();
            Product {
                id: ProductId(r.id),
                org_id: OrgId(r.org_id),
                prices: prices.remove(&r.id).unwrap_or_default(),
                custom_fields: custom.remove(&r.id).unwrap_or_default(),
                tags: t,
                sku: r.sku,
                name: r.name,
                description: r.description,
                category: r.category,
                tax_category: r.tax_category,
                active: r.active,
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
            }
        })
        .collect())
}

/// The live products of the organisation among `ids`, by id, with what pricing an
/// order reads of them (SKU, name, prices, tax category, active flag); their tags and
/// custom fields are not read and left empty.
pub(crate) async fn for_pricing<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Product>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // Each product with its prices, in one query: a row per price (one with no price
    // columns for a product without prices).
    let mut q = Query::select();
    q.columns(product::Column::iter().map(|c| (product::Entity, c)))
        .expr_as(
            Expr::col((product_price::Entity, product_price::Column::Currency)),
            Alias::new("price_currency"),
        )
        .expr_as(
            Expr::col((product_price::Entity, product_price::Column::AmountUnits)),
            Alias::new("price_units"),
        )
        .from(product::Entity)
        .left_join(
            product_price::Entity,
            Expr::col((product_price::Entity, product_price::Column::ProductId))
                .equals((product::Entity, product::Column::Id))
                .and(
                    Expr::col((product_price::Entity, product_price::Column::OrgId))
                        .equals((product::Entity, product::Column::OrgId)),
                ),
        )
        .and_where(Expr::col((product::Entity, product::Column::OrgId)).eq(actor.org_id.0))
        .and_where(Expr::col((product::Entity, product::Column::DeletedAt)).is_null())
        .and_where(Expr::col((product::Entity, product::Column::Id)).is_in(ids.iter().copied()))
        .order_by((product::Entity, product::Column::Id), Order::Asc)
        .order_by(
            (product_price::Entity, product_price::Column::Currency),
            Order::Asc,
        );
    let mut out: HashMap<Uuid, Product> = HashMap::new();
    for r in c.query_all_raw(c.get_database_backend().build(&q)).await? {
        let m = product::Model::from_query_result(&r, "")?;
        let price = match (
            r.try_get::<Option<String>>("", "price_currency")?,
            r.try_get::<Option<i64>>("", "price_units")?,
        ) {
            (Some(code), Some(units)) => Some(Money::from_units(
                units,
                stored("currency", &code, Currency::parse)?,
            )),
            _ => None,
        };
        let p = out.entry(m.id).or_insert_with(|| Product {
            id: ProductId(m.id),
            org_id: OrgId(m.org_id),
            prices: Vec::new(),
            custom_fields: Default::default(),
            tags: Vec::new(),
            sku: m.sku,
            name: m.name,
            description: m.description,
            category: m.category,
            tax_category: m.tax_category,
            active: m.active,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        });
        p.prices.extend(price);
    }
    Ok(out)
}

impl Record for product::Entity {
    const RESOURCE: &'static str = "product";
    const COLLECTION: &'static str = "products";
    const ID: product::Column = product::Column::Id;
    const VERSION: product::Column = product::Column::Version;
    const UPDATED_AT: product::Column = product::Column::UpdatedAt;
    const DELETED_AT: product::Column = product::Column::DeletedAt;
    const DELETED: EventType = events::PRODUCT_DELETED;
    const RESTORED: EventType = events::PRODUCT_RESTORED;
    type View = Product;

    fn version_of(row: &product::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: product::Model,
    ) -> impl std::future::Future<Output = Result<Product>> + Send {
        one(c, row)
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: product::Model) -> Result<Product> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("product").into())
}

/// Adds a product inside the caller's transaction.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: NewProduct,
) -> Result<Product> {
    let now = time::now();
    let id = Uuid::now_v7();
    let row = product::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        sku: Set(n.sku),
        name: Set(n.name),
        description: Set(n.description),
        category: Set(n.category),
        tax_category: Set(n.tax_category),
        active: Set(n.active),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
    }
    .insert(txn)
    .await
    .conflict_as(SKU_TAKEN)?;
    write_prices(txn, actor, id, &n.prices).await?;
    record::add_tags::<product::tags::Entity, _>(txn, actor, id, &n.tags).await?;
    let values: Vec<_> = n
        .custom_fields
        .into_iter()
        .map(|(d, v)| (d, Some(v)))
        .collect();
    super::custom_fields::write_values(txn, actor, id, &values).await?;
    let created = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::PRODUCT_CREATED,
        id,
        None,
        Some(&created),
    )
    .await?;
    Ok(created)
}

/// Applies a patch inside the caller's transaction.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: ProductPatch,
    if_version: Option<i64>,
) -> Result<Product> {
    let row = find::<product::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let mut am: product::ActiveModel = row.into();
    if let Some(v) = p.sku {
        am.sku = Set(v);
    }
    if let Some(v) = p.name {
        am.name = Set(v);
    }
    if let Some(v) = p.description {
        am.description = Set(v);
    }
    if let Some(v) = p.category {
        am.category = Set(v);
    }
    if let Some(v) = p.tax_category {
        am.tax_category = Set(v);
    }
    if let Some(v) = p.active {
        am.active = Set(v);
    }
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let row = am.update(txn).await.conflict_as(SKU_TAKEN)?;
    if let Some(prices) = &p.prices {
        write_prices(txn, actor, id, prices).await?;
    }
    if let Some(t) = &p.tags {
        record::set_tags::<product::tags::Entity, _>(txn, actor, id, t).await?;
    }
    super::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let after = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::PRODUCT_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

#[async_trait]
impl RecordStore<Product, NewProduct, ProductPatch> for Products {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, n: NewProduct) -> DomainResult<Product> {
        record::store::write(&self.0, async |txn| create_in(txn, actor, n).await).await
    }

    async fn get(&self, actor: &Actor, id: ProductId) -> DomainResult<Product> {
        record::store::get::<product::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Product>> {
        use product::Column as C;
        let q = record::scoped::<product::Entity>(actor).filter(C::DeletedAt.is_null());
        let searchable = super::listing::Searchable {
            resource: PRODUCT,
            field,
            text: vec![
                Expr::col((product::Entity, C::Sku)),
                Expr::col((product::Entity, C::Name)),
                Expr::col((product::Entity, C::Category)),
            ],
            id: Expr::col((product::Entity, C::Id)),
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
        id: ProductId,
        p: ProductPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Product> {
        record::store::write(&self.0, async |txn| {
            update_in(txn, actor, id.0, p, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(
        &self,
        actor: &Actor,
        id: ProductId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::delete::<product::Entity>(&self.0, actor, id.0, if_version).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: ProductId) -> DomainResult<Product> {
        record::store::restore::<product::Entity>(
            &self.0,
            actor,
            id.0,
            "another product took this SKU meanwhile",
        )
        .await
    }
}

impl ProductRepository for Products {}
