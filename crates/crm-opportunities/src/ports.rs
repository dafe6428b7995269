//! What the opportunities area needs from persistence.

use crate::forecast::{Cell, ForecastQuery, OwnerCell};
use crate::import::opportunity::OpportunityOp;
use crate::opportunity::{
    MoneyInput, NewOpportunity, Opportunity, OpportunityId, OpportunityPatch, StageMove,
};
use crate::order::{Conversion, NewOrder, Order, OrderId, OrderPatch};
use crate::pipeline::{NewPipeline, Pipeline};
use crate::price_list::{NewPriceList, PriceList};
use crate::product::{NewProduct, Product, ProductPatch};
use crate::scoring::{
    NewPageVisit, NewScoringRule, PageVisit, PersonScore, ScoringRule, Thresholds,
};
use crate::tax::TaxRates;
use async_trait::async_trait;
use crm_core::filter::FieldCatalogue;
use crm_core::ids::OrgId;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use crm_records::batch::ExternalId;
use crm_records::import::Progress;
use crm_records::import::ports::ImportQueue;
use crm_records::import::reference::ReferenceFinder;
use crm_records::import::rows::Checked;
pub use crm_records::ports::{BatchStore, CustomFieldRepository, RecordStore};
use uuid::Uuid;

/// Pipelines and their stages, stored together.
#[async_trait]
pub trait PipelineRepository: Send + Sync {
    /// Every live pipeline, oldest first, with its stages in order.
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Pipeline>>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline>;
    async fn create(&self, actor: &Actor, p: NewPipeline) -> DomainResult<Pipeline>;
    /// Stores `p` over pipeline `id` if it is still at `if_version`: its name, and its
    /// stages in the order given (new ones added, the others changed in place).
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewPipeline,
        if_version: i64,
    ) -> DomainResult<Pipeline>;
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline>;
}

/// Opportunities: the shared record store. A create or patch naming a person, company,
/// owner, pipeline or stage that is not live in the organisation is a 422 naming the
/// field; a stage move is recorded in the same transaction. Batches upsert on
/// `external_id`.
#[async_trait]
pub trait OpportunityRepository:
    RecordStore<Opportunity, NewOpportunity, OpportunityPatch>
    + BatchStore<Opportunity, NewOpportunity, OpportunityPatch, ExternalId>
{
    /// A page of a live opportunity's stage moves, oldest first (its creation first).
    async fn stage_moves(
        &self,
        actor: &Actor,
        id: OpportunityId,
        page: &PageRequest,
    ) -> DomainResult<Page<StageMove>>;
}

/// The product catalogue: the shared record store. A SKU is unique in the organisation
/// (409 naming it).
pub trait ProductRepository: RecordStore<Product, NewProduct, ProductPatch> {}

/// Orders: the shared record store, each priced in the transaction that stores it
/// ([`crate::order::pricing::price`]) from the products, price lists and tax rates as
/// they are then. A person, company or product that is not live is a 422 naming the
/// field.
#[async_trait]
pub trait OrderRepository: RecordStore<Order, NewOrder, OrderPatch> {
    /// Refunds `amount` of a paid order ([`Order::refund`]) if it is still at
    /// `if_version` (when given), recording who, when and why.
    async fn refund(
        &self,
        actor: &Actor,
        id: OrderId,
        amount: MoneyInput,
        reason: Option<String>,
        if_version: Option<i64>,
    ) -> DomainResult<Order>;

    /// What `customer` spent and bought, summed from their purchases now.
    async fn spend(
        &self,
        actor: &Actor,
        customer: crate::spend::Customer,
    ) -> DomainResult<crate::spend::Spend>;

    /// Turns won opportunity `id` into an order in one transaction
    /// ([`Conversion::order_for`]); an opportunity converts once (409 naming the order).
    async fn convert(
        &self,
        actor: &Actor,
        id: OpportunityId,
        conversion: Conversion,
    ) -> DomainResult<Order>;
}

/// Price lists and their items, stored together.
#[async_trait]
pub trait PriceListRepository: Send + Sync {
    /// Every live price list, oldest first, with its items.
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<PriceList>>;
    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<PriceList>;
    /// Stores a new list; an item naming no live product of the organisation is a 422
    /// on `items[i].product_id`.
    async fn create(&self, actor: &Actor, p: NewPriceList) -> DomainResult<PriceList>;
    /// Stores `p` over list `id` if it is still at `if_version`.
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewPriceList,
        if_version: i64,
    ) -> DomainResult<PriceList>;
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()>;
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<PriceList>;
}

/// The organisation's tax rates: one table, replaced whole.
#[async_trait]
pub trait TaxRateRepository: Send + Sync {
    /// The rates and their version (none and 0 until they are first set).
    async fn get(&self, actor: &Actor) -> DomainResult<(TaxRates, i64)>;
    /// Replaces the rates if their version is still `if_version` (when given).
    async fn set(
        &self,
        actor: &Actor,
        rates: TaxRates,
        if_version: Option<i64>,
    ) -> DomainResult<(TaxRates, i64)>;
}

/// The sums a forecast is made of, read from the organisation's live opportunities.
#[async_trait]
pub trait ForecastSource: Send + Sync {
    /// Opportunities with an amount and a close date in the window, summed per month of
    /// close date, group, currency, standing and stage probability.
    async fn cells(&self, actor: &Actor, q: &ForecastQuery) -> DomainResult<Vec<Cell>>;
    /// Opportunities won or lost within the window, counted per owner and standing,
    /// with their creation-to-close seconds summed.
    async fn owner_cells(&self, actor: &Actor, q: &ForecastQuery) -> DomainResult<Vec<OwnerCell>>;
}

/// The writes of order imports.
#[async_trait]
pub trait OrderImportWriter: Send + Sync {
    /// Writes the orders of `rows` (rows `from + 1 ..= to`), priced as a create prices
    /// them, in one transaction with the import's progress and the spend of every
    /// customer they touch, if the import is still running and its progress is still
    /// `from` (a conflict otherwise); a row that cannot be stored is reported, the others
    /// written. With `dry_run`, checked and rolled back.
    #[allow(clippy::too_many_arguments)]
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<NewOrder>>,
        dry_run: bool,
    ) -> DomainResult<Progress>;
}

/// The writes of opportunity imports.
#[async_trait]
pub trait OpportunityImportWriter: Send + Sync {
    /// Writes `rows` (rows `from + 1 ..= to`), each in a savepoint, in one transaction
    /// with the progress, if the import is still running and its progress is still
    /// `from` (a conflict otherwise). With `dry_run`, checked and rolled back.
    #[allow(clippy::too_many_arguments)]
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<OpportunityOp>>,
        dry_run: bool,
    ) -> DomainResult<Progress>;
}

/// Lead scoring: the rules, the thresholds, page visits, scores as read, and the
/// recomputations the scoring jobs run. A rule write queues the recomputation of its
/// points in its own transaction.
#[async_trait]
pub trait ScoringRepository: Send + Sync {
    /// What a rule's condition may name: the people filter catalogue with the
    /// organisation's custom fields of people.
    async fn people_catalogue(&self, actor: &Actor) -> DomainResult<FieldCatalogue>;
    /// Every live rule, oldest first.
    async fn rules(&self, actor: &Actor) -> DomainResult<Vec<ScoringRule>>;
    async fn rule(&self, actor: &Actor, id: Uuid) -> DomainResult<ScoringRule>;
    /// Stores a rule (409 past [`crate::scoring::MAX_RULES`]).
    async fn create_rule(&self, actor: &Actor, r: NewScoringRule) -> DomainResult<ScoringRule>;
    /// Stores `r` over rule `id` if it is still at `if_version`.
    async fn update_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        r: NewScoringRule,
        if_version: i64,
    ) -> DomainResult<ScoringRule>;
    async fn delete_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()>;
    async fn restore_rule(&self, actor: &Actor, id: Uuid) -> DomainResult<ScoringRule>;
    /// The thresholds and their version (none and 0 until first set).
    async fn thresholds(&self, actor: &Actor) -> DomainResult<(Thresholds, i64)>;
    /// Replaces the thresholds if their version is still `if_version` (when given).
    async fn set_thresholds(
        &self,
        actor: &Actor,
        t: Thresholds,
        if_version: Option<i64>,
    ) -> DomainResult<(Thresholds, i64)>;
    /// Records a page visit of a live person (404 otherwise).
    async fn record_visit(&self, actor: &Actor, v: NewPageVisit) -> DomainResult<PageVisit>;
    /// A live person's score, parts and latest changes (404 for no such person).
    async fn score(&self, actor: &Actor, person: Uuid) -> DomainResult<PersonScore>;
    /// Recomputes what rule `rule` gives every person of `org` (nothing when it is
    /// deleted or inactive), then every score it changed.
    async fn rescore_rule(&self, org: OrgId, rule: Uuid) -> DomainResult<()>;
    /// Recomputes the scores of the people whose facts changed since `sweep` looked
    /// last (and everyone's decaying points once a day), then queues the next sweep of
    /// the organisation in the same transaction, while it has a live rule.
    async fn refresh(&self, org: OrgId, sweep: crate::jobs::Sweep) -> DomainResult<()>;
    /// Queues `sweep` to run a sweep interval from now.
    async fn queue_sweep(&self, org: OrgId, sweep: crate::jobs::Sweep) -> DomainResult<()>;
}

/// Everything the area's service needs.
#[derive(Clone)]
pub struct OpportunitiesPorts {
    pub pipelines: std::sync::Arc<dyn PipelineRepository>,
    pub opportunities: std::sync::Arc<dyn OpportunityRepository>,
    pub products: std::sync::Arc<dyn ProductRepository>,
    pub orders: std::sync::Arc<dyn OrderRepository>,
    pub price_lists: std::sync::Arc<dyn PriceListRepository>,
    pub tax_rates: std::sync::Arc<dyn TaxRateRepository>,
    pub forecasts: std::sync::Arc<dyn ForecastSource>,
    pub custom_fields: std::sync::Arc<dyn CustomFieldRepository>,
    /// Every resource's imports, shared.
    pub imports: std::sync::Arc<dyn ImportQueue>,
    pub order_import: std::sync::Arc<dyn OrderImportWriter>,
    pub opportunity_import: std::sync::Arc<dyn OpportunityImportWriter>,
    /// Finds the records import rows name by a key.
    pub references: std::sync::Arc<dyn ReferenceFinder>,
    pub scoring: std::sync::Arc<dyn ScoringRepository>,
}
