//! The opportunities area's use cases: each checks its input, then calls one port.

mod scoring;

use crate::custom_field::{OPPORTUNITY, ORDER, PRODUCT};
use crate::forecast::{Forecast, ForecastInput};
use crate::import::opportunity::mapping::OpportunityTarget;
use crate::import::order::mapping::OrderTarget;
use crate::import::{OPPORTUNITIES, ORDERS, OpportunitiesImporter, OrdersImporter};
use crate::opportunity::MoneyInput;
use crate::opportunity::{
    NewOpportunity, Opportunity, OpportunityId, OpportunityInput, OpportunityPatch,
    OpportunityPatchInput, StageMove,
};
use crate::order::{Conversion, NewOrder, Order, OrderId, OrderPatch};
use crate::pipeline::{Pipeline, PipelineInput};
use crate::ports::OpportunitiesPorts;
use crate::price_list::{PriceList, PriceListInput};
use crate::product::{NewProduct, Product, ProductPatch};
use crate::tax::{TaxRateInput, TaxRates};
use crm_core::DomainError;
use crm_core::jobs::JobHandler;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainResult};
use crm_records::batch::{BatchOp, BatchResults, ExternalId};
use crm_records::import::ImportOptions;
use crm_records::import::run::ImportJob;
use crm_records::import::upload::Upload;
use crm_records::records::Records;
use std::sync::Arc;
use uuid::Uuid;

/// The opportunities area, as the API calls it.
#[derive(Clone)]
pub struct OpportunitiesService {
    /// Opportunities: checked against the organisation's custom fields, then stored.
    pub opportunities: Records<Opportunity, NewOpportunity, OpportunityPatch>,
    /// The product catalogue, likewise.
    pub products: Records<Product, NewProduct, ProductPatch>,
    /// Orders, likewise; the store prices them.
    pub orders: Records<Order, NewOrder, OrderPatch>,
    ports: OpportunitiesPorts,
}

impl OpportunitiesService {
    pub fn new(ports: OpportunitiesPorts) -> Self {
        Self {
            opportunities: Records::new(
                ports.opportunities.clone(),
                ports.custom_fields.clone(),
                OPPORTUNITY,
            ),
            products: Records::new(ports.products.clone(), ports.custom_fields.clone(), PRODUCT),
            orders: Records::new(ports.orders.clone(), ports.custom_fields.clone(), ORDER),
            ports,
        }
    }

    /// Starts an upload of orders read as `options` say; feed it the file, then finish it.
    pub async fn upload_orders(
        &self,
        actor: &Actor,
        options: ImportOptions,
    ) -> DomainResult<Upload<OrderTarget>> {
        if options.resource != ORDERS {
            return Err(DomainError::internal(
                "an orders upload was asked for another resource",
            ));
        }
        let defs = self.orders.fields(actor).await?;
        Upload::start(self.ports.imports.clone(), actor, options, defs).await
    }

    /// The job that runs order imports.
    pub(crate) fn order_import_job(&self) -> Arc<dyn JobHandler> {
        Arc::new(ImportJob {
            kind: ORDERS.job_kind(),
            queue: self.ports.imports.clone(),
            importer: OrdersImporter {
                writer: self.ports.order_import.clone(),
                references: self.ports.references.clone(),
                fields: self.ports.custom_fields.clone(),
            },
        })
    }

    /// Starts an upload of opportunities read as `options` say.
    pub async fn upload_opportunities(
        &self,
        actor: &Actor,
        options: ImportOptions,
    ) -> DomainResult<Upload<OpportunityTarget>> {
        if options.resource != OPPORTUNITIES {
            return Err(DomainError::internal(
                "an opportunities upload was asked for another resource",
            ));
        }
        let defs = self.opportunities.fields(actor).await?;
        Upload::start(self.ports.imports.clone(), actor, options, defs).await
    }

    /// The job that runs opportunity imports.
    pub(crate) fn opportunity_import_job(&self) -> Arc<dyn JobHandler> {
        Arc::new(ImportJob {
            kind: OPPORTUNITIES.job_kind(),
            queue: self.ports.imports.clone(),
            importer: OpportunitiesImporter {
                writer: self.ports.opportunity_import.clone(),
                references: self.ports.references.clone(),
                pipelines: self.ports.pipelines.clone(),
                fields: self.ports.custom_fields.clone(),
            },
        })
    }

    /// Checks and writes a batch of opportunity creates, updates and upserts on
    /// `external_id`.
    pub async fn batch_opportunities(
        &self,
        actor: &Actor,
        items: Vec<BatchOp<OpportunityInput, OpportunityPatchInput, ExternalId>>,
        atomic: bool,
    ) -> BatchResults<Opportunity> {
        self.opportunities
            .batch(actor, self.ports.opportunities.as_ref(), items, atomic)
            .await
    }

    /// A page of an opportunity's stage moves, its creation first.
    pub async fn stage_moves(
        &self,
        actor: &Actor,
        id: OpportunityId,
        page: &PageRequest,
    ) -> DomainResult<Page<StageMove>> {
        self.ports.opportunities.stage_moves(actor, id, page).await
    }

    /// Refunds part or all of a paid order.
    pub async fn refund_order(
        &self,
        actor: &Actor,
        id: OrderId,
        amount: MoneyInput,
        reason: Option<String>,
        if_version: Option<i64>,
    ) -> DomainResult<Order> {
        let mut e = crm_core::error::Errors::new();
        let reason = crm_records::text::text(&mut e, "reason", reason, crate::order::MAX_REASON);
        e.finish(())?;
        self.ports
            .orders
            .refund(actor, id, amount, reason, if_version)
            .await
    }

    /// What a customer spent and bought.
    pub async fn spend(
        &self,
        actor: &Actor,
        customer: crate::spend::Customer,
    ) -> DomainResult<crate::spend::Spend> {
        self.ports.orders.spend(actor, customer).await
    }

    /// Turns a won opportunity into an order.
    pub async fn convert(
        &self,
        actor: &Actor,
        id: OpportunityId,
        conversion: Conversion,
    ) -> DomainResult<Order> {
        self.ports.orders.convert(actor, id, conversion).await
    }

    /// The organisation's pipelines, oldest first.
    pub async fn pipelines(&self, actor: &Actor) -> DomainResult<Vec<Pipeline>> {
        self.ports.pipelines.list(actor).await
    }

    /// One pipeline with its stages.
    pub async fn pipeline(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline> {
        self.ports.pipelines.get(actor, id).await
    }

    /// Checks and adds a pipeline (with the default stages when none are given).
    pub async fn create_pipeline(
        &self,
        actor: &Actor,
        input: PipelineInput,
    ) -> DomainResult<Pipeline> {
        self.ports
            .pipelines
            .create(actor, input.validate(None)?)
            .await
    }

    /// Checks a patch over the stored pipeline and stores it if the pipeline is still
    /// the version checked (`if_version` if given).
    pub async fn update_pipeline(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PipelineInput,
        if_version: Option<i64>,
    ) -> DomainResult<Pipeline> {
        let stored = self.ports.pipelines.get(actor, id).await?;
        let checked = input.validate(Some(&stored))?;
        let version = if_version.unwrap_or(stored.version);
        self.ports
            .pipelines
            .update(actor, id, checked, version)
            .await
    }

    /// Deletes a pipeline (restorable).
    pub async fn delete_pipeline(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.ports.pipelines.delete(actor, id, if_version).await
    }

    /// Takes a deleted pipeline out of the bin.
    pub async fn restore_pipeline(&self, actor: &Actor, id: Uuid) -> DomainResult<Pipeline> {
        self.ports.pipelines.restore(actor, id).await
    }

    /// The organisation's price lists, oldest first.
    pub async fn price_lists(&self, actor: &Actor) -> DomainResult<Vec<PriceList>> {
        self.ports.price_lists.list(actor).await
    }

    /// One price list with its items.
    pub async fn price_list(&self, actor: &Actor, id: Uuid) -> DomainResult<PriceList> {
        self.ports.price_lists.get(actor, id).await
    }

    /// Checks and adds a price list.
    pub async fn create_price_list(
        &self,
        actor: &Actor,
        input: PriceListInput,
    ) -> DomainResult<PriceList> {
        self.ports
            .price_lists
            .create(actor, input.validate(None)?)
            .await
    }

    /// Checks a patch over the stored list and stores it if the list is still the
    /// version checked (`if_version` if given).
    pub async fn update_price_list(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PriceListInput,
        if_version: Option<i64>,
    ) -> DomainResult<PriceList> {
        let stored = self.ports.price_lists.get(actor, id).await?;
        let checked = input.validate(Some(&stored))?;
        let version = if_version.unwrap_or(stored.version);
        self.ports
            .price_lists
            .update(actor, id, checked, version)
            .await
    }

    /// Deletes a price list (restorable).
    pub async fn delete_price_list(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.ports.price_lists.delete(actor, id, if_version).await
    }

    /// Takes a deleted price list out of the bin.
    pub async fn restore_price_list(&self, actor: &Actor, id: Uuid) -> DomainResult<PriceList> {
        self.ports.price_lists.restore(actor, id).await
    }

    /// The organisation's tax rates and their version.
    pub async fn tax_rates(&self, actor: &Actor) -> DomainResult<(TaxRates, i64)> {
        self.ports.tax_rates.get(actor).await
    }

    /// Checks and replaces the tax rates if still at `if_version` (when given).
    pub async fn set_tax_rates(
        &self,
        actor: &Actor,
        rates: Vec<TaxRateInput>,
        if_version: Option<i64>,
    ) -> DomainResult<(TaxRates, i64)> {
        let checked = crate::tax::validate(rates)?;
        self.ports.tax_rates.set(actor, checked, if_version).await
    }

    /// A forecast over the window asked (the calendar year of `today` by default).
    pub async fn forecast(
        &self,
        actor: &Actor,
        input: ForecastInput,
        today: chrono::NaiveDate,
    ) -> DomainResult<Forecast> {
        let query = input.validate(today)?;
        let cells = self.ports.forecasts.cells(actor, &query).await?;
        let owners = self.ports.forecasts.owner_cells(actor, &query).await?;
        Ok(Forecast {
            rows: crate::forecast::rows(cells, query.period),
            owners: crate::forecast::owner_stats(owners),
            query,
        })
    }
}
